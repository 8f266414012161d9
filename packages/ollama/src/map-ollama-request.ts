import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
  type UpstreamRequest,
} from "@sse-dialects/core";

const CHAT_COMPLETIONS = /\/(v1\/)?chat\/completions\/?$/;

/** OpenAI sampling fields and their Ollama `options` names (https://github.com/ollama/ollama/blob/main/docs/modelfile.md#valid-parameters-and-values). */
const OPTIONS: readonly [string, string][] = [
  ["temperature", "temperature"],
  ["top_p", "top_p"],
  ["seed", "seed"],
  ["max_tokens", "num_predict"],
  ["max_completion_tokens", "num_predict"],
  ["presence_penalty", "presence_penalty"],
  ["frequency_penalty", "frequency_penalty"],
  ["stop", "stop"],
];

/**
 * An OpenAI chat-completions request as Ollama's `POST /api/chat`
 * (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion): messages
 * keep their role; text parts are joined into `content`, `data:` image URLs become base64
 * `images`; an assistant's `tool_calls` get their arguments parsed into objects; a `tool`
 * message's `tool_call_id` becomes `tool_name` (the called function's name). `tools` are sent as
 * they are (Ollama takes OpenAI's tool shape); sampling fields go into `options`;
 * `response_format` `json_object` → `format: "json"`, `json_schema` → its schema. Dropped (no
 * Ollama equivalent): `n`, `logprobs`, `logit_bias`, `user`, `stream_options`, `tool_choice`,
 * `parallel_tool_calls` and any other field. Called through the normalizing fetch, a call to
 * `<host>/v1/chat/completions` goes to `<host>/api/chat`.
 *
 * @example
 * ```ts
 * mapOllamaRequest({ model: "llama3.2", messages: [{ role: "user", content: "Hi" }], temperature: 0 }, "http://localhost:11434/v1/chat/completions", false);
 * // { url: "http://localhost:11434/api/chat", body: { model: "llama3.2", messages: [{ role: "user", content: "Hi" }], stream: true, options: { temperature: 0 } } }
 * ```
 */
export function mapOllamaRequest(
  request: JsonObject,
  url: string,
  configured: boolean,
): UpstreamRequest {
  const names = new Map<string, string>();
  const messages = (Array.isArray(request.messages) ? request.messages : [])
    .filter(isJsonObject)
    .map((message) => toOllamaMessage(message, names));
  const body: JsonObject = { model: request.model ?? null, messages, stream: true };
  if (Array.isArray(request.tools) && request.tools.length > 0) body.tools = request.tools;
  const options: JsonObject = {};
  for (const [from, to] of OPTIONS) {
    const value = request[from];
    if (value !== undefined && value !== null)
      options[to] = typeof value === "string" && to === "stop" ? [value] : value;
  }
  if (Object.keys(options).length > 0) body.options = options;
  const format = request.response_format;
  if (isJsonObject(format)) {
    if (format.type === "json_object") body.format = "json";
    else if (format.type === "json_schema" && isJsonObject(format.json_schema))
      body.format = format.json_schema.schema ?? "json";
  }
  return { url: configured ? url : url.replace(CHAT_COMPLETIONS, "/api/chat"), body };
}

function toOllamaMessage(message: JsonObject, names: Map<string, string>): JsonObject {
  const out: JsonObject = { role: message.role ?? "user", content: "" };
  const content = message.content;
  if (typeof content === "string") out.content = content;
  else if (Array.isArray(content)) {
    const images: string[] = [];
    let text = "";
    for (const part of content) {
      if (!isJsonObject(part)) continue;
      if (part.type === "text" && typeof part.text === "string") text += part.text;
      if (
        part.type === "image_url" &&
        isJsonObject(part.image_url) &&
        typeof part.image_url.url === "string"
      ) {
        const data = /^data:[^;,]+;base64,(.*)$/s.exec(part.image_url.url);
        if (data !== null) images.push(data[1]!);
      }
    }
    out.content = text;
    if (images.length > 0) out.images = images;
  }
  if (Array.isArray(message.tool_calls)) {
    out.tool_calls = message.tool_calls.filter(isJsonObject).map((call) => {
      const fn = isJsonObject(call.function) ? call.function : {};
      const name = typeof fn.name === "string" ? fn.name : "";
      if (typeof call.id === "string") names.set(call.id, name);
      return { function: { name, arguments: parseArgs(fn.arguments) } };
    });
  }
  if (message.role === "tool" && typeof message.tool_call_id === "string") {
    const name = names.get(message.tool_call_id);
    if (name !== undefined) out.tool_name = name;
  }
  return out;
}

function parseArgs(args: JsonValue | undefined): JsonObject {
  if (typeof args !== "string") return {};
  try {
    const value = parseJson(args) as JsonValue;
    return isJsonObject(value) ? value : {};
  } catch {
    return {};
  }
}
