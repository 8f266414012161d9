import {
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  extraFields,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  RequestError,
  readBoolean,
  readString,
  tagExtra,
} from "@sse-dialects/core";

const DIALECT = "elumenta";
const ROLES = new Set(["system", "user", "assistant"]);

/**
 * An Elumenta request body (`POST /api/v2/generate`: `{model, messages, stream}`, the shape
 * Elumenta's streaming guide documents) → `ChatRequest`. Messages keep their role (`system`,
 * `user`, `assistant`); string content is one text part, OpenAI-style text parts are text parts,
 * other parts are kept as Elumenta provider parts; every other field goes to `extra.elumenta`.
 *
 * @example
 * ```ts
 * parseElumentaRequest({ model: "gpt-5", messages: [{ role: "user", content: "Hi" }], stream: true });
 * // { model: "gpt-5", messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }], stream: true }
 * ```
 */
export function parseElumentaRequest(body: JsonObject): ChatRequest {
  const model = readString(body.model, "model");
  if (model === undefined) throw new RequestError("model", "is required");
  if (!Array.isArray(body.messages)) throw new RequestError("messages", "must be a list");
  const request: ChatRequest = {
    model,
    messages: body.messages.map((message, at) => parseMessage(message, `messages[${at}]`)),
    stream: readBoolean(body.stream, "stream") ?? false,
  };
  const extra = tagExtra(DIALECT, extraFields(body, new Set(["model", "messages", "stream"])));
  if (extra !== undefined) request.extra = extra;
  return request;
}

function parseMessage(value: JsonValue, field: string): ChatMessage {
  if (!isJsonObject(value)) throw new RequestError(field, "must be an object");
  const role = value.role;
  if (typeof role !== "string" || !ROLES.has(role))
    throw new RequestError(`${field}.role`, "must be system, user or assistant");
  const content = value.content;
  let parts: ContentPart[];
  if (typeof content === "string") parts = content === "" ? [] : [{ type: "text", text: content }];
  else if (Array.isArray(content))
    parts = content.map((part, at): ContentPart => {
      if (!isJsonObject(part))
        throw new RequestError(`${field}.content[${at}]`, "must be an object");
      if (part.type === "text" && typeof part.text === "string" && Object.keys(part).length === 2)
        return { type: "text", text: part.text };
      return { type: "provider", dialect: DIALECT, part };
    });
  else throw new RequestError(`${field}.content`, "must be a string or a list of parts");
  const message: ChatMessage = { role: role as ChatMessage["role"], content: parts };
  const extra = tagExtra(DIALECT, extraFields(value, new Set(["role", "content"])));
  if (extra !== undefined) message.extra = extra;
  return message;
}
