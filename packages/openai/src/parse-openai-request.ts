import {
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  extraFields,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type MessageRole,
  RequestError,
  type ResponseFormat,
  readBoolean,
  readCount,
  readInteger,
  readJsonSchemaFormat,
  readNumber,
  readString,
  readStringList,
  readStringMap,
  type Tool,
  type ToolChoice,
  tagExtra,
} from "@sse-dialects/core";

const DIALECT = "openai";

/** Request fields the model names (https://platform.openai.com/docs/api-reference/chat/create). */
const KNOWN = new Set([
  "model",
  "messages",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "max_completion_tokens",
  "max_tokens",
  "temperature",
  "top_p",
  "stop",
  "seed",
  "presence_penalty",
  "frequency_penalty",
  "reasoning_effort",
  "response_format",
  "stream",
  "stream_options",
  "metadata",
  "user",
  "store",
]);
const ROLES = new Set<string>(["system", "developer", "user", "assistant", "tool"]);
const MESSAGE_KNOWN = new Set(["role", "content", "name", "tool_calls", "tool_call_id"]);

/**
 * An OpenAI chat-completions request body (`POST /v1/chat/completions`, the `openai` SDK's
 * `ChatCompletionCreateParams`) → `ChatRequest`.
 *
 * - `messages`: `system`, `developer`, `user`, `assistant` keep their role; string content is
 *   one text part; `text` and `image_url` parts become text and image parts (a `data:` URL
 *   becomes base64 data with its media type); an assistant's `tool_calls` become tool-call parts
 *   after its content; a `tool` message is a `tool` message holding one tool-result part
 *   (`tool_call_id` → `id`). Other parts (`input_audio`, `file`, `refusal`) are kept as
 *   provider parts. The legacy `function` role is refused (use `tool`).
 * - `max_completion_tokens` (else `max_tokens`) → `maxTokens`; `stop` (a string or a list) →
 *   `stop`; `reasoning_effort` → `reasoning.effort`; `response_format` → `responseFormat`;
 *   `stream_options.include_usage` → `includeUsage`; `tools` (functions; `custom` tools kept as
 *   provider tools), `tool_choice`, `parallel_tool_calls`, sampling fields, `metadata`, `user`,
 *   `store` by name.
 * - Anything else (`n`, `logit_bias`, `logprobs`, `service_tier`, `prediction`, `audio`, …) →
 *   `extra.openai`.
 *
 * @example
 * ```ts
 * parseOpenAIRequest({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] });
 * // { model: "gpt-4o", messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }], stream: false }
 * ```
 */
export function parseOpenAIRequest(body: JsonObject): ChatRequest {
  const model = readString(body.model, "model");
  if (model === undefined) throw new RequestError("model", "is required");
  if (!Array.isArray(body.messages)) throw new RequestError("messages", "must be a list");
  const request: ChatRequest = {
    model,
    messages: body.messages.map((message, at) => parseMessage(message, `messages[${at}]`)),
    stream: readBoolean(body.stream, "stream") ?? false,
  };
  if (body.tools !== undefined && body.tools !== null) request.tools = parseTools(body.tools);
  const choice = parseToolChoice(body.tool_choice);
  if (choice !== undefined) request.toolChoice = choice;
  set(request, "parallelToolCalls", readBoolean(body.parallel_tool_calls, "parallel_tool_calls"));
  set(
    request,
    "maxTokens",
    readCount(body.max_completion_tokens, "max_completion_tokens") ??
      readCount(body.max_tokens, "max_tokens"),
  );
  set(request, "temperature", readNumber(body.temperature, "temperature"));
  set(request, "topP", readNumber(body.top_p, "top_p"));
  set(request, "stop", readStringList(body.stop, "stop"));
  set(request, "seed", readInteger(body.seed, "seed"));
  set(request, "presencePenalty", readNumber(body.presence_penalty, "presence_penalty"));
  set(request, "frequencyPenalty", readNumber(body.frequency_penalty, "frequency_penalty"));
  const effort = readString(body.reasoning_effort, "reasoning_effort");
  if (effort !== undefined) request.reasoning = { effort };
  set(request, "responseFormat", parseResponseFormat(body.response_format));
  set(request, "metadata", readStringMap(body.metadata, "metadata"));
  set(request, "user", readString(body.user, "user"));
  set(request, "store", readBoolean(body.store, "store"));
  const extra = extraFields(body, KNOWN) ?? {};
  if (body.stream_options !== undefined && body.stream_options !== null) {
    if (!isJsonObject(body.stream_options))
      throw new RequestError("stream_options", "must be an object");
    set(
      request,
      "includeUsage",
      readBoolean(body.stream_options.include_usage, "stream_options.include_usage"),
    );
    const rest = extraFields(body.stream_options, new Set(["include_usage"]));
    if (rest !== undefined) extra.stream_options = rest;
  }
  if (choice === undefined && body.tool_choice !== undefined && body.tool_choice !== null)
    extra.tool_choice = body.tool_choice;
  if (Object.keys(extra).length > 0) request.extra = tagExtra(DIALECT, extra)!;
  return request;
}

/** Sets an optional field only when it has a value (exact optional property types). */
function set<K extends keyof ChatRequest>(
  request: ChatRequest,
  key: K,
  value: ChatRequest[K] | undefined,
): void {
  if (value !== undefined) request[key] = value;
}

function parseMessage(value: JsonValue, field: string): ChatMessage {
  if (!isJsonObject(value)) throw new RequestError(field, "must be an object");
  const role = value.role;
  if (role === "function")
    throw new RequestError(
      `${field}.role`,
      "the legacy `function` role is not supported: use `tool`",
    );
  if (typeof role !== "string" || !ROLES.has(role))
    throw new RequestError(`${field}.role`, "must be system, developer, user, assistant or tool");
  let content: ContentPart[];
  if (role === "tool") {
    const id = readString(value.tool_call_id, `${field}.tool_call_id`);
    if (id === undefined) throw new RequestError(`${field}.tool_call_id`, "is required");
    const parts = parseContent(value.content, `${field}.content`);
    const results = parts.filter((part) => part.type === "text" || part.type === "image");
    if (results.length !== parts.length)
      throw new RequestError(`${field}.content`, "a tool message holds text parts only");
    content = [{ type: "tool-result", id, content: results }];
  } else {
    content = parseContent(value.content, `${field}.content`);
    if (role === "assistant" && value.tool_calls !== undefined && value.tool_calls !== null) {
      if (!Array.isArray(value.tool_calls))
        throw new RequestError(`${field}.tool_calls`, "must be a list");
      value.tool_calls.forEach((call, at) => {
        content.push(parseToolCall(call, `${field}.tool_calls[${at}]`));
      });
    }
  }
  const message: ChatMessage = { role: role as MessageRole, content };
  const name = readString(value.name, `${field}.name`);
  if (name !== undefined) message.name = name;
  const extra = tagExtra(DIALECT, extraFields(value, MESSAGE_KNOWN));
  if (extra !== undefined) message.extra = extra;
  return message;
}

function parseContent(value: JsonValue | undefined, field: string): ContentPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value === "" ? [] : [{ type: "text", text: value }];
  if (!Array.isArray(value)) throw new RequestError(field, "must be a string or a list of parts");
  return value.map((part, at) => parsePart(part, `${field}[${at}]`));
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function parsePart(value: JsonValue, field: string): ContentPart {
  if (!isJsonObject(value)) throw new RequestError(field, "must be an object");
  if (value.type === "text") {
    const text = readString(value.text, `${field}.text`);
    if (text === undefined) throw new RequestError(`${field}.text`, "is required");
    const extra = tagExtra(DIALECT, extraFields(value, new Set(["type", "text"])));
    return extra === undefined ? { type: "text", text } : { type: "text", text, extra };
  }
  if (value.type === "image_url") {
    const image = value.image_url;
    if (!isJsonObject(image) || typeof image.url !== "string")
      throw new RequestError(`${field}.image_url.url`, "is required");
    const data = DATA_URL.exec(image.url);
    const part: ContentPart = {
      type: "image",
      source:
        data === null
          ? { type: "url", url: image.url }
          : { type: "base64", mediaType: data[1]!, data: data[2]! },
    };
    const detail = readString(image.detail, `${field}.image_url.detail`);
    if (detail !== undefined) part.detail = detail;
    const extra = tagExtra(DIALECT, extraFields(value, new Set(["type", "image_url"])));
    if (extra !== undefined) part.extra = extra;
    return part;
  }
  return { type: "provider", dialect: DIALECT, part: value };
}

function parseToolCall(value: JsonValue, field: string): ContentPart {
  if (!isJsonObject(value)) throw new RequestError(field, "must be an object");
  if (value.type !== undefined && value.type !== "function")
    return { type: "provider", dialect: DIALECT, part: value };
  const fn = value.function;
  if (!isJsonObject(fn)) throw new RequestError(`${field}.function`, "is required");
  const name = readString(fn.name, `${field}.function.name`);
  if (name === undefined) throw new RequestError(`${field}.function.name`, "is required");
  const id = readString(value.id, `${field}.id`);
  const args = readString(fn.arguments, `${field}.function.arguments`) ?? "";
  const part: ContentPart = { type: "tool-call", name, arguments: args };
  if (id !== undefined) part.id = id;
  const extra = tagExtra(DIALECT, extraFields(value, new Set(["id", "type", "function"])));
  if (extra !== undefined) part.extra = extra;
  return part;
}

function parseTools(value: JsonValue, field = "tools"): Tool[] {
  if (!Array.isArray(value)) throw new RequestError(field, "must be a list");
  return value.map((tool, at): Tool => {
    const path = `${field}[${at}]`;
    if (!isJsonObject(tool)) throw new RequestError(path, "must be an object");
    if (tool.type !== "function") return { type: "provider", dialect: DIALECT, tool };
    const fn = tool.function;
    if (!isJsonObject(fn)) throw new RequestError(`${path}.function`, "is required");
    const name = readString(fn.name, `${path}.function.name`);
    if (name === undefined) throw new RequestError(`${path}.function.name`, "is required");
    const out: Tool = { type: "function", name };
    const description = readString(fn.description, `${path}.function.description`);
    if (description !== undefined) out.description = description;
    if (fn.parameters !== undefined && fn.parameters !== null) {
      if (!isJsonObject(fn.parameters))
        throw new RequestError(`${path}.function.parameters`, "must be a JSON schema object");
      out.parameters = fn.parameters;
    }
    const strict = readBoolean(fn.strict, `${path}.function.strict`);
    if (strict !== undefined) out.strict = strict;
    const extra = {
      ...extraFields(tool, new Set(["type", "function"])),
      ...extraFields(fn, new Set(["name", "description", "parameters", "strict"])),
    };
    if (Object.keys(extra).length > 0) out.extra = tagExtra(DIALECT, extra)!;
    return out;
  });
}

/** `auto` / `none` / `required` / a named function; other forms (`allowed_tools`, `custom`) stay in `extra`. */
function parseToolChoice(value: JsonValue | undefined): ToolChoice | undefined {
  if (value === "auto" || value === "none" || value === "required") return value;
  if (
    isJsonObject(value) &&
    value.type === "function" &&
    isJsonObject(value.function) &&
    typeof value.function.name === "string"
  )
    return { type: "tool", name: value.function.name };
  if (value !== undefined && value !== null && !isJsonObject(value))
    throw new RequestError("tool_choice", "must be auto, none, required or an object");
  return undefined;
}

function parseResponseFormat(value: JsonValue | undefined): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new RequestError("response_format", "must be an object");
  if (value.type === "text") return { type: "text" };
  if (value.type === "json_object") return { type: "json" };
  if (value.type === "json_schema")
    return readJsonSchemaFormat(value.json_schema, "response_format.json_schema");
  throw new RequestError("response_format.type", "must be text, json_object or json_schema");
}
