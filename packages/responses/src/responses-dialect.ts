import { type Dialect, sseFraming } from "@sse-dialects/core";
import { type ResponsesDecodeOptions, ResponsesDecoder } from "./decode-responses.js";
import { detectResponses } from "./detect-responses.js";
import { type ResponsesEncodeOptions, ResponsesEncoder } from "./encode-responses.js";
import { mapResponsesRequest } from "./map-responses-request.js";
import { responsesRequests } from "./responses-requests.js";

/**
 * The OpenAI Responses API streaming dialect (`POST /v1/responses` with `stream: true`):
 * `event: response.*` SSE events with a `sequence_number`, ended by `response.completed`,
 * `response.incomplete`, `response.failed` or an `error` event; no `[DONE]`.
 *
 * @example
 * ```ts
 * import { accumulate, decodeAll, encodeAll } from "@sse-dialects/core";
 * import { openai } from "@sse-dialects/openai";
 * import { responses } from "@sse-dialects/responses";
 *
 * const events = decodeAll(chatCompletionsSse, openai);
 * const sse = encodeAll(events, responses); // what `client.responses.stream()` reads
 * accumulate(decodeAll(sse, responses)).choices[0]?.text;
 * ```
 */
export const responses: Dialect<ResponsesDecodeOptions, ResponsesEncodeOptions> = {
  name: "responses",
  framing: sseFraming,
  contentType: "text/event-stream",
  terminator: "event: response.completed",
  createDecoder: (emit) => new ResponsesDecoder(emit),
  createEncoder: (write, options, drop) => new ResponsesEncoder(write, options, drop),
  detect: detectResponses,
  mapRequest: mapResponsesRequest,
  requests: responsesRequests,
  // A delta event changes no decoder state but the characters counted for its part or call,
  // which `repeated` counts for a repeat; `sequence_number` and `obfuscation` are not read.
  steadyDeltas: { ignoredStrings: ["obfuscation"], ignoredNumbers: ["sequence_number"] },
};
