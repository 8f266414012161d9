import {
  type ChatRequest,
  type DroppedField,
  type JsonObject,
  type JsonValue,
  joinUrl,
  RequestError,
  SAMPLING_FIELDS,
  type UpstreamRequest,
  type UpstreamTarget,
  writeExtra,
  writeStateful,
} from "@sse-dialects/core";

const DIALECT = "elumenta";

/** Named fields of the model that Elumenta's documented request has no place for. */
const UNSUPPORTED = [
  "tools",
  "toolChoice",
  "parallelToolCalls",
  ...SAMPLING_FIELDS,
  "reasoning",
  "responseFormat",
  "metadata",
  "user",
  "store",
] as const;

/**
 * `ChatRequest` → a streaming Elumenta request at `<baseUrl>/generate` (`baseUrl`
 * `https://elumenta.ru/api/v2`): `{model, messages, stream: true}`, the whole of what Elumenta
 * documents. `system` becomes a leading `system` message (a `developer` message a `system`
 * one); each message's text parts are joined into its `content` string; Elumenta's own parts go
 * back as they came (then `content` is the list). Every other field of the model is listed in
 * `dropped` — the request still makes sense without sampling settings or tool definitions —
 * but a conversation with tool calls, tool results, images or another dialect's parts cannot
 * be said in text alone, and is refused (400).
 *
 * @example
 * ```ts
 * buildElumentaRequest(request, { baseUrl: "https://elumenta.ru/api/v2", model: "gpt-5" }).url;
 * // "https://elumenta.ru/api/v2/generate"
 * ```
 */
export function buildElumentaRequest(
  request: ChatRequest,
  upstream: UpstreamTarget,
): UpstreamRequest {
  const dropped: DroppedField[] = [];
  const messages: JsonObject[] = [];
  if (request.system !== undefined && request.system.length > 0)
    messages.push({
      role: "system",
      content: request.system.map((part) => part.text).join("\n\n"),
    });
  request.messages.forEach((message, at) => {
    const field = `messages[${at}]`;
    const parts: JsonValue[] = [];
    let text = "";
    let own = false;
    message.content.forEach((part, index) => {
      const path = `${field}.content[${index}]`;
      if (part.type === "text") {
        text += part.text;
        parts.push({ type: "text", text: part.text });
      } else if (part.type === "reasoning") {
        dropped.push({ field: path, reason: "elumenta takes no reasoning in a request" });
      } else if (part.type === "provider" && part.dialect === DIALECT) {
        own = true;
        parts.push(part.part);
      } else
        throw new RequestError(
          path,
          `elumenta's messages are text: a ${part.type} part has no form there`,
        );
    });
    if (message.role === "tool")
      throw new RequestError(
        field,
        "elumenta's messages are text: tool results have no form there",
      );
    const out: JsonObject = {
      role: message.role === "developer" ? "system" : message.role,
      content: own ? parts : text,
    };
    writeExtra(out, message.extra, DIALECT, field, dropped);
    messages.push(out);
  });
  const body: JsonObject = { model: upstream.model, messages };
  for (const key of UNSUPPORTED)
    if (request[key] !== undefined)
      dropped.push({ field: key, reason: `elumenta documents no ${key}` });
  writeExtra(body, request.extra, DIALECT, "", dropped);
  writeStateful(body, request, DIALECT);
  body.stream = true;
  const built: UpstreamRequest = { url: joinUrl(upstream.baseUrl, "generate"), body };
  if (dropped.length > 0) built.dropped = dropped;
  return built;
}
