import {
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  extraFields,
  imageMediaType,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  RequestError,
  readBoolean,
  readCount,
  readInteger,
  readNumber,
  readString,
  readStringList,
  type Tool,
  tagExtra,
} from "@sse-dialects/core";

const DIALECT = "ollama";

/** `/api/chat` fields the model names (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion). */
const KNOWN = new Set(["model", "messages", "tools", "format", "options", "stream", "think"]);
/** `/api/generate` fields the model names (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-completion). */
const GENERATE_KNOWN = new Set([
  "model",
  "prompt",
  "system",
  "images",
  "format",
  "options",
  "stream",
  "think",
]);
/** `options` the model names (https://github.com/ollama/ollama/blob/main/docs/modelfile.md#valid-parameters-and-values). */
const OPTIONS_KNOWN = new Set([
  "num_predict",
  "temperature",
  "top_p",
  "top_k",
  "stop",
  "seed",
  "presence_penalty",
  "frequency_penalty",
]);

/**
 * An Ollama request body → `ChatRequest`: `POST /api/chat` (the `ollama` client's
 * `ChatRequest`), or `POST /api/generate` (a body with `prompt` and no `messages`).
 *
 * - `messages` keep their role (`system`, `user`, `assistant`, `tool`); `content` → a text
 *   part; `images` (bare base64) → image parts (media type from the data's signature);
 *   `thinking` → an Ollama reasoning part before the text; `tool_calls` → tool-call parts
 *   (`arguments` object as JSON text, no id); a `tool` message → a tool result named by its
 *   `tool_name` (paired with its call by name and order).
 * - `/api/generate`: `system` → `system`, `prompt` and `images` → one user message; its
 *   `context` (tokens of an earlier answer, state Ollama keeps) → `stateful`.
 * - `options`: `num_predict` → `maxTokens`, `temperature`, `top_p`, `top_k`, `stop`, `seed`,
 *   penalties by name (the rest, `num_ctx` and so on, in `extra`); `format` `"json"` → `json`,
 *   a schema → `json-schema`; `think` `true` / `false` → `reasoning.enabled`, `"low"`… →
 *   `reasoning.effort`; `tools` (OpenAI's shape); `stream` defaults to true, as Ollama's does.
 *
 * @example
 * ```ts
 * parseOllamaRequest({ model: "llama3.2", messages: [{ role: "user", content: "Hi" }] });
 * // { model: "llama3.2", messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }], stream: true }
 * ```
 */
export function parseOllamaRequest(body: JsonObject): ChatRequest {
  const model = readString(body.model, "model");
  if (model === undefined) throw new RequestError("model", "is required");
  const generate = body.messages === undefined && typeof body.prompt === "string";
  const request: ChatRequest = {
    model,
    messages: [],
    stream: readBoolean(body.stream, "stream") ?? true,
  };
  const extra = extraFields(body, generate ? new Set([...GENERATE_KNOWN, "context"]) : KNOWN) ?? {};
  if (generate) {
    const system = readString(body.system, "system");
    if (system !== undefined) request.system = [{ type: "text", text: system }];
    const content: ContentPart[] =
      body.prompt === "" ? [] : [{ type: "text", text: body.prompt as string }];
    content.push(...parseImages(body.images, "images"));
    request.messages.push({ role: "user", content });
    if (body.context !== undefined && body.context !== null)
      request.stateful = tagExtra(DIALECT, { context: body.context })!;
  } else {
    if (body.messages !== undefined && !Array.isArray(body.messages))
      throw new RequestError("messages", "must be a list");
    (body.messages ?? []).forEach((message, at) => {
      request.messages.push(parseMessage(message, `messages[${at}]`));
    });
  }
  if (body.tools !== undefined && body.tools !== null) request.tools = parseTools(body.tools);
  if (body.options !== undefined && body.options !== null)
    parseOptions(body.options, request, extra);
  const format = body.format;
  if (format === "json") request.responseFormat = { type: "json" };
  else if (isJsonObject(format)) request.responseFormat = { type: "json-schema", schema: format };
  else if (format !== undefined && format !== null && format !== "")
    throw new RequestError("format", 'must be "json" or a JSON schema object');
  const think = body.think;
  if (typeof think === "boolean") request.reasoning = { enabled: think };
  else if (typeof think === "string") request.reasoning = { enabled: true, effort: think };
  else if (think !== undefined && think !== null)
    throw new RequestError("think", "must be a boolean or low, medium, high");
  if (Object.keys(extra).length > 0) request.extra = tagExtra(DIALECT, extra)!;
  return request;
}

const ROLES = new Set(["system", "user", "assistant", "tool"]);

function parseMessage(value: JsonValue, field: string): ChatMessage {
  if (!isJsonObject(value)) throw new RequestError(field, "must be an object");
  const role = value.role;
  if (typeof role !== "string" || !ROLES.has(role))
    throw new RequestError(`${field}.role`, "must be system, user, assistant or tool");
  const content: ContentPart[] = [];
  const thinking = readString(value.thinking, `${field}.thinking`);
  if (thinking !== undefined && thinking !== "")
    content.push({ type: "reasoning", text: thinking, dialect: DIALECT });
  const text = readString(value.content, `${field}.content`) ?? "";
  const images = parseImages(value.images, `${field}.images`);
  const known = ["role", "content", "thinking", "images", "tool_calls", "tool_name"];
  const message: ChatMessage = { role: role as ChatMessage["role"], content };
  if (role === "tool") {
    const result: ContentPart = {
      type: "tool-result",
      content: text === "" ? [] : [{ type: "text", text }],
    };
    result.content.push(...images.filter((part) => part.type === "image"));
    const name = readString(value.tool_name, `${field}.tool_name`);
    if (name !== undefined) result.name = name;
    content.push(result);
  } else {
    if (text !== "") content.push({ type: "text", text });
    content.push(...images);
  }
  if (value.tool_calls !== undefined && value.tool_calls !== null) {
    if (!Array.isArray(value.tool_calls))
      throw new RequestError(`${field}.tool_calls`, "must be a list");
    value.tool_calls.forEach((call, at) => {
      const path = `${field}.tool_calls[${at}]`;
      if (!isJsonObject(call) || !isJsonObject(call.function))
        throw new RequestError(`${path}.function`, "is required");
      const name = readString(call.function.name, `${path}.function.name`);
      if (name === undefined) throw new RequestError(`${path}.function.name`, "is required");
      const args = call.function.arguments ?? {};
      const part: ContentPart = {
        type: "tool-call",
        name,
        arguments: typeof args === "string" ? args : JSON.stringify(args),
      };
      const id = readString(call.id, `${path}.id`);
      if (id !== undefined) part.id = id;
      const extra = {
        ...extraFields(call, new Set(["function", "id"])),
        ...extraFields(call.function, new Set(["name", "arguments"])),
      };
      if (Object.keys(extra).length > 0) part.extra = tagExtra(DIALECT, extra)!;
      content.push(part);
    });
  }
  const extra = tagExtra(DIALECT, extraFields(value, new Set(known)));
  if (extra !== undefined) message.extra = extra;
  return message;
}

function parseImages(value: JsonValue | undefined, field: string): ContentPart[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((image) => typeof image === "string"))
    throw new RequestError(field, "must be a list of base64 strings");
  return (value as string[]).map((data) => ({
    type: "image",
    source: { type: "base64", mediaType: imageMediaType(data), data },
  }));
}

function parseTools(value: JsonValue): Tool[] {
  if (!Array.isArray(value)) throw new RequestError("tools", "must be a list");
  return value.map((tool, at): Tool => {
    const field = `tools[${at}]`;
    if (!isJsonObject(tool)) throw new RequestError(field, "must be an object");
    if ((tool.type !== undefined && tool.type !== "function") || !isJsonObject(tool.function))
      return { type: "provider", dialect: DIALECT, tool };
    const fn = tool.function;
    const name = readString(fn.name, `${field}.function.name`);
    if (name === undefined) throw new RequestError(`${field}.function.name`, "is required");
    const out: Tool = { type: "function", name };
    const description = readString(fn.description, `${field}.function.description`);
    if (description !== undefined) out.description = description;
    if (fn.parameters !== undefined && fn.parameters !== null) {
      if (!isJsonObject(fn.parameters))
        throw new RequestError(`${field}.function.parameters`, "must be a JSON schema object");
      out.parameters = fn.parameters;
    }
    const extra = {
      ...extraFields(tool, new Set(["type", "function"])),
      ...extraFields(fn, new Set(["name", "description", "parameters"])),
    };
    if (Object.keys(extra).length > 0) out.extra = tagExtra(DIALECT, extra)!;
    return out;
  });
}

function parseOptions(value: JsonValue, request: ChatRequest, extra: JsonObject): void {
  if (!isJsonObject(value)) throw new RequestError("options", "must be an object");
  const field = (name: string) => `options.${name}`;
  const max = readInteger(value.num_predict, field("num_predict"));
  // -1 (the default) is "no limit", -2 "fill the context": kept as Ollama's own.
  if (max !== undefined && max >= 0) request.maxTokens = readCount(max, field("num_predict"))!;
  const temperature = readNumber(value.temperature, field("temperature"));
  if (temperature !== undefined) request.temperature = temperature;
  const topP = readNumber(value.top_p, field("top_p"));
  if (topP !== undefined) request.topP = topP;
  const topK = readNumber(value.top_k, field("top_k"));
  if (topK !== undefined) request.topK = topK;
  const stop = readStringList(value.stop, field("stop"));
  if (stop !== undefined) request.stop = stop;
  const seed = readInteger(value.seed, field("seed"));
  if (seed !== undefined) request.seed = seed;
  const presence = readNumber(value.presence_penalty, field("presence_penalty"));
  if (presence !== undefined) request.presencePenalty = presence;
  const frequency = readNumber(value.frequency_penalty, field("frequency_penalty"));
  if (frequency !== undefined) request.frequencyPenalty = frequency;
  const rest = extraFields(value, OPTIONS_KNOWN) ?? {};
  if (max !== undefined && max < 0) rest.num_predict = max;
  if (Object.keys(rest).length > 0) extra.options = rest;
}
