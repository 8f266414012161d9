/**
 * A request that cannot be served as asked: malformed input (a field of the wrong type, a tool
 * result without a call to answer), or a field whose meaning the target dialect cannot carry
 * (Responses `previous_response_id` into a stateless upstream). `field` names the offending
 * field as the client wrote it (`messages[2].tool_call_id`, `previous_response_id`), so a
 * gateway answers with a 400 the client can act on.
 *
 * @example
 * ```ts
 * throw new RequestError("previous_response_id", "anthropic keeps no conversation state: send the whole conversation in `input`");
 * ```
 */
export class RequestError extends Error {
  /** Always 400: the client's request, not the upstream, is at fault. */
  readonly status = 400;
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "RequestError";
    this.field = field;
  }
}
