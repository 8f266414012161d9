import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
  type UpstreamRequest,
} from "@sse-dialects/core";

const CHAT_COMPLETIONS = /\/chat\/completions\/?$/;

/** OpenAI sampling fields and their `generationConfig` names (https://ai.google.dev/api/generate-content#generationconfig). */
const GENERATION_FIELDS: readonly [string, string][] = [
  ["temperature", "temperature"],
  ["top_p", "topP"],
  ["max_tokens", "maxOutputTokens"],
  ["max_completion_tokens", "maxOutputTokens"],
  ["n", "candidateCount"],
  ["seed", "seed"],
  ["presence_penalty", "presencePenalty"],
  ["frequency_penalty", "frequencyPenalty"],
];

/**
 * An OpenAI chat-completions request as Gemini's `streamGenerateContent` request
 * (https://ai.google.dev/api/generate-content#request-body). `system` and `developer` messages
 * become `systemInstruction`; `user` turns `user` contents and `assistant` turns `model`
 * contents, their `tool_calls` `functionCall` parts (arguments parsed); `tool` messages
 * `functionResponse` parts named after the call they answer. Text content parts are kept; image
 * URLs that are `data:` URLs become `inlineData`, others `fileData`. `tools` become
 * `functionDeclarations`; sampling fields, `stop` and `response_format: json_object` go into
 * `generationConfig`. Dropped (no Gemini equivalent): `logprobs`, `top_logprobs`, `logit_bias`,
 * `user`, `stream_options`, `tool_choice`, `parallel_tool_calls`, `store`, `metadata`, and
 * any other field. Called through the normalizing fetch (no configured endpoint), a call to
 * `<baseURL>/chat/completions` goes to `<baseURL>/models/<model>:streamGenerateContent?alt=sse`.
 *
 * @example
 * ```ts
 * mapGeminiRequest({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "Hi" }] }, "https://generativelanguage.googleapis.com/v1beta/chat/completions", false);
 * // { url: "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
 * //   body: { contents: [{ role: "user", parts: [{ text: "Hi" }] }] } }
 * ```
 */
export function mapGeminiRequest(
  request: JsonObject,
  url: string,
  configured: boolean,
): UpstreamRequest {
  const messages = Array.isArray(request.messages) ? request.messages.filter(isJsonObject) : [];
  const names = new Map<string, string>();
  const system: JsonObject[] = [];
  const contents: JsonObject[] = [];
  for (const message of messages) {
    const role = message.role;
    if (role === "system" || role === "developer") {
      system.push(...toParts(message.content));
      continue;
    }
    if (role === "tool") {
      const id = typeof message.tool_call_id === "string" ? message.tool_call_id : undefined;
      const functionResponse: JsonObject = {
        name: (id !== undefined ? names.get(id) : undefined) ?? "",
        response: { result: textOf(message.content) },
      };
      if (id !== undefined) functionResponse.id = id;
      push(contents, "user", [{ functionResponse }]);
      continue;
    }
    const parts = toParts(message.content);
    if (role === "assistant" && Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        if (!isJsonObject(call) || !isJsonObject(call.function)) continue;
        const name = typeof call.function.name === "string" ? call.function.name : "";
        const functionCall: JsonObject = { name, args: parseArgs(call.function.arguments) };
        if (typeof call.id === "string") {
          functionCall.id = call.id;
          names.set(call.id, name);
        }
        parts.push({ functionCall });
      }
    }
    push(contents, role === "assistant" ? "model" : "user", parts);
  }
  const body: JsonObject = { contents };
  if (system.length > 0) body.systemInstruction = { parts: system };
  const tools = functionDeclarations(request.tools);
  if (tools.length > 0) body.tools = [{ functionDeclarations: tools }];
  const config = generationConfig(request);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  const model = typeof request.model === "string" ? request.model : "";
  return {
    url: configured
      ? url
      : url.replace(
          CHAT_COMPLETIONS,
          `/models/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`,
        ),
    body,
  };
}

/** Gemini wants turns to alternate: a turn of the same role as the last joins it. */
function push(contents: JsonObject[], role: string, parts: JsonObject[]): void {
  if (parts.length === 0) return;
  const last = contents[contents.length - 1];
  if (last !== undefined && last.role === role && Array.isArray(last.parts))
    last.parts.push(...parts);
  else contents.push({ role, parts });
}

function toParts(content: JsonValue | undefined): JsonObject[] {
  if (typeof content === "string") return content === "" ? [] : [{ text: content }];
  if (!Array.isArray(content)) return [];
  const parts: JsonObject[] = [];
  for (const part of content) {
    if (!isJsonObject(part)) continue;
    if (part.type === "text" && typeof part.text === "string") parts.push({ text: part.text });
    else if (
      part.type === "image_url" &&
      isJsonObject(part.image_url) &&
      typeof part.image_url.url === "string"
    ) {
      const url = part.image_url.url;
      const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      parts.push(
        data !== null
          ? { inlineData: { mimeType: data[1]!, data: data[2]! } }
          : { fileData: { fileUri: url } },
      );
    }
  }
  return parts;
}

function textOf(content: JsonValue | undefined): string {
  return toParts(content)
    .map((part) => (typeof part.text === "string" ? part.text : ""))
    .join("");
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

function functionDeclarations(tools: JsonValue | undefined): JsonObject[] {
  if (!Array.isArray(tools)) return [];
  const out: JsonObject[] = [];
  for (const tool of tools) {
    if (!isJsonObject(tool) || tool.type !== "function" || !isJsonObject(tool.function)) continue;
    const { name, description, parameters } = tool.function;
    const declaration: JsonObject = { name: name ?? "" };
    if (description !== undefined) declaration.description = description;
    if (parameters !== undefined) declaration.parameters = parameters;
    out.push(declaration);
  }
  return out;
}

function generationConfig(request: JsonObject): JsonObject {
  const config: JsonObject = {};
  for (const [from, to] of GENERATION_FIELDS) {
    const value = request[from];
    if (value !== undefined && value !== null) config[to] = value;
  }
  const stop = request.stop;
  if (typeof stop === "string") config.stopSequences = [stop];
  else if (Array.isArray(stop)) config.stopSequences = stop;
  if (isJsonObject(request.response_format) && request.response_format.type === "json_object")
    config.responseMimeType = "application/json";
  return config;
}
