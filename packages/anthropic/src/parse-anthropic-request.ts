import {
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  extraFields,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type Reasoning,
  RequestError,
  readBoolean,
  readCount,
  readNumber,
  readString,
  readStringList,
  type TextPart,
  type Tool,
  type ToolChoice,
  tagExtra,
} from "@sse-dialects/core";

const DIALECT = "anthropic";

/** Request fields the model names (https://docs.anthropic.com/en/api/messages). */
const KNOWN = new Set([
  "model",
  "system",
  "messages",
  "max_tokens",
  "temperature",
  "top_p",
  "top_k",
  "stop_sequences",
  "tools",
  "tool_choice",
  "thinking",
  "output_config",
  "metadata",
  "stream",
]);

/**
 * An Anthropic Messages request body (`POST /v1/messages`, the SDK's `MessageCreateParams`) →
 * `ChatRequest`.
 *
 * - `system` (a string or text blocks, with their `cache_control`) → `system`; `messages` keep
 *   their role (`user`, `assistant`, and `system`); string content is one text part; blocks in
 *   order: `text`, `image` (`base64` / `url` source), `tool_use` (`input` as JSON text),
 *   `tool_result` (`tool_use_id` → `id`, string or text/image blocks, `is_error`), `thinking`
 *   and `redacted_thinking` (reasoning with its signature / data); other blocks (`document`,
 *   `search_result`, server-tool blocks) are kept as provider parts.
 * - `max_tokens`, `temperature`, `top_p`, `top_k`, `stop_sequences` by name; `tools` with
 *   `input_schema` → function tools (server tools kept as provider tools); `tool_choice` `auto`
 *   / `any` (→ `required`) / `none` / `tool`, and its `disable_parallel_tool_use` →
 *   `parallelToolCalls: false`; `thinking` `enabled` / `disabled` → `reasoning`
 *   (`budgetTokens`); `output_config.effort` → `reasoning.effort`, `output_config.format` →
 *   `responseFormat`; `metadata.user_id` → `user`.
 * - `cache_control` on blocks and tools, and anything else (`service_tier`, `container`, …) →
 *   `extra.anthropic` where it was found.
 *
 * @example
 * ```ts
 * parseAnthropicRequest({ model: "claude-sonnet-4-5", max_tokens: 100, system: "Be brief", messages: [{ role: "user", content: "Hi" }] });
 * // { model: "claude-sonnet-4-5", system: [{ type: "text", text: "Be brief" }], messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }], maxTokens: 100, stream: false }
 * ```
 */
export function parseAnthropicRequest(body: JsonObject): ChatRequest {
  const model = readString(body.model, "model");
  if (model === undefined) throw new RequestError("model", "is required");
  if (!Array.isArray(body.messages)) throw new RequestError("messages", "must be a list");
  const request: ChatRequest = {
    model,
    messages: body.messages.map((message, at) => parseMessage(message, `messages[${at}]`)),
    stream: readBoolean(body.stream, "stream") ?? false,
  };
  const extra = extraFields(body, KNOWN) ?? {};
  if (body.system !== undefined && body.system !== null) {
    const system = parseContent(body.system, "system");
    if (!system.every((part): part is TextPart => part.type === "text"))
      throw new RequestError("system", "must be a string or text blocks");
    request.system = system;
  }
  const maxTokens = readCount(body.max_tokens, "max_tokens");
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const temperature = readNumber(body.temperature, "temperature");
  if (temperature !== undefined) request.temperature = temperature;
  const topP = readNumber(body.top_p, "top_p");
  if (topP !== undefined) request.topP = topP;
  const topK = readNumber(body.top_k, "top_k");
  if (topK !== undefined) request.topK = topK;
  const stop = readStringList(body.stop_sequences, "stop_sequences");
  if (stop !== undefined) request.stop = stop;
  if (body.tools !== undefined && body.tools !== null) request.tools = parseTools(body.tools);
  if (body.tool_choice !== undefined && body.tool_choice !== null)
    parseToolChoice(body.tool_choice, request);
  const reasoning = parseThinking(body.thinking, extra);
  if (body.output_config !== undefined && body.output_config !== null)
    parseOutputConfig(body.output_config, request, reasoning, extra);
  if (Object.keys(reasoning).length > 0) request.reasoning = reasoning;
  if (body.metadata !== undefined && body.metadata !== null) {
    if (!isJsonObject(body.metadata)) throw new RequestError("metadata", "must be an object");
    const user = readString(body.metadata.user_id, "metadata.user_id");
    if (user !== undefined) request.user = user;
    const rest = extraFields(body.metadata, new Set(["user_id"]));
    if (rest !== undefined) extra.metadata = rest;
  }
  if (Object.keys(extra).length > 0) request.extra = tagExtra(DIALECT, extra)!;
  return request;
}

function parseMessage(value: JsonValue, field: string): ChatMessage {
  if (!isJsonObject(value)) throw new RequestError(field, "must be an object");
  const role = value.role;
  if (role !== "user" && role !== "assistant" && role !== "system")
    throw new RequestError(`${field}.role`, "must be user, assistant or system");
  const message: ChatMessage = { role, content: parseContent(value.content, `${field}.content`) };
  const extra = tagExtra(DIALECT, extraFields(value, new Set(["role", "content"])));
  if (extra !== undefined) message.extra = extra;
  return message;
}

function parseContent(value: JsonValue | undefined, field: string): ContentPart[] {
  if (value === undefined || value === null) throw new RequestError(field, "is required");
  if (typeof value === "string") return value === "" ? [] : [{ type: "text", text: value }];
  if (!Array.isArray(value)) throw new RequestError(field, "must be a string or a list of blocks");
  return value.map((block, at) => parseBlock(block, `${field}[${at}]`));
}

function withExtra<T extends ContentPart>(part: T, block: JsonObject, known: string[]): T {
  const extra = tagExtra(DIALECT, extraFields(block, new Set(known)));
  if (extra !== undefined && part.type !== "provider") (part as { extra?: unknown }).extra = extra;
  return part;
}

function parseBlock(block: JsonValue, field: string): ContentPart {
  if (!isJsonObject(block)) throw new RequestError(field, "must be an object");
  switch (block.type) {
    case "text": {
      const text = readString(block.text, `${field}.text`);
      if (text === undefined) throw new RequestError(`${field}.text`, "is required");
      return withExtra({ type: "text", text }, block, ["type", "text"]);
    }
    case "image": {
      const source = block.source;
      if (!isJsonObject(source)) throw new RequestError(`${field}.source`, "is required");
      if (source.type === "base64" && typeof source.data === "string") {
        const mediaType = readString(source.media_type, `${field}.source.media_type`);
        const part: ContentPart = { type: "image", source: { type: "base64", data: source.data } };
        if (mediaType !== undefined && part.source.type === "base64")
          part.source.mediaType = mediaType;
        return withExtra(part, block, ["type", "source"]);
      }
      if (source.type === "url" && typeof source.url === "string")
        return withExtra({ type: "image", source: { type: "url", url: source.url } }, block, [
          "type",
          "source",
        ]);
      return { type: "provider", dialect: DIALECT, part: block };
    }
    case "tool_use": {
      const id = readString(block.id, `${field}.id`);
      const name = readString(block.name, `${field}.name`);
      if (id === undefined || name === undefined)
        throw new RequestError(`${field}.${id === undefined ? "id" : "name"}`, "is required");
      const input = block.input ?? {};
      return withExtra({ type: "tool-call", id, name, arguments: JSON.stringify(input) }, block, [
        "type",
        "id",
        "name",
        "input",
      ]);
    }
    case "tool_result": {
      const id = readString(block.tool_use_id, `${field}.tool_use_id`);
      if (id === undefined) throw new RequestError(`${field}.tool_use_id`, "is required");
      const content =
        block.content === undefined ? [] : parseContent(block.content, `${field}.content`);
      const results = content.filter((part) => part.type === "text" || part.type === "image");
      // Documents or search results inside a result have no form elsewhere: the block stays whole.
      if (results.length !== content.length)
        return { type: "provider", dialect: DIALECT, part: block };
      const part: ContentPart = { type: "tool-result", id, content: results };
      const isError = readBoolean(block.is_error, `${field}.is_error`);
      if (isError !== undefined) part.isError = isError;
      return withExtra(part, block, ["type", "tool_use_id", "content", "is_error"]);
    }
    case "thinking": {
      const text = readString(block.thinking, `${field}.thinking`) ?? "";
      const part: ContentPart = { type: "reasoning", text, dialect: DIALECT };
      const signature = readString(block.signature, `${field}.signature`);
      if (signature !== undefined) part.signature = signature;
      return withExtra(part, block, ["type", "thinking", "signature"]);
    }
    case "redacted_thinking": {
      const data = readString(block.data, `${field}.data`);
      if (data === undefined) throw new RequestError(`${field}.data`, "is required");
      return withExtra({ type: "reasoning", text: "", redacted: data, dialect: DIALECT }, block, [
        "type",
        "data",
      ]);
    }
    default:
      return { type: "provider", dialect: DIALECT, part: block };
  }
}

function parseTools(value: JsonValue): Tool[] {
  if (!Array.isArray(value)) throw new RequestError("tools", "must be a list");
  return value.map((tool, at): Tool => {
    const field = `tools[${at}]`;
    if (!isJsonObject(tool)) throw new RequestError(field, "must be an object");
    // A client tool has an `input_schema` and no type, or `type: "custom"`; the rest are server tools.
    if (
      (tool.type !== undefined && tool.type !== null && tool.type !== "custom") ||
      tool.input_schema === undefined
    )
      return { type: "provider", dialect: DIALECT, tool };
    const name = readString(tool.name, `${field}.name`);
    if (name === undefined) throw new RequestError(`${field}.name`, "is required");
    if (!isJsonObject(tool.input_schema))
      throw new RequestError(`${field}.input_schema`, "must be a JSON schema object");
    const out: Tool = { type: "function", name, parameters: tool.input_schema };
    const description = readString(tool.description, `${field}.description`);
    if (description !== undefined) out.description = description;
    const strict = readBoolean(tool.strict, `${field}.strict`);
    if (strict !== undefined) out.strict = strict;
    const extra = tagExtra(
      DIALECT,
      extraFields(tool, new Set(["name", "input_schema", "description", "strict"])),
    );
    if (extra !== undefined) out.extra = extra;
    return out;
  });
}

function parseToolChoice(value: JsonValue, request: ChatRequest): void {
  if (!isJsonObject(value)) throw new RequestError("tool_choice", "must be an object");
  let choice: ToolChoice;
  if (value.type === "auto") choice = "auto";
  else if (value.type === "any") choice = "required";
  else if (value.type === "none") choice = "none";
  else if (value.type === "tool") {
    const name = readString(value.name, "tool_choice.name");
    if (name === undefined) throw new RequestError("tool_choice.name", "is required");
    choice = { type: "tool", name };
  } else throw new RequestError("tool_choice.type", "must be auto, any, none or tool");
  request.toolChoice = choice;
  const disable = readBoolean(
    value.disable_parallel_tool_use,
    "tool_choice.disable_parallel_tool_use",
  );
  if (disable !== undefined) request.parallelToolCalls = !disable;
}

/**
 * `thinking` `enabled` {budget_tokens} / `disabled` → the model; a thinking form with more
 * than that (`adaptive`, `display`) stays whole in `extra` too, so Anthropic gets it back as sent.
 */
function parseThinking(value: JsonValue | undefined, extra: JsonObject): Reasoning {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) throw new RequestError("thinking", "must be an object");
  if (value.type === "disabled") return { enabled: false };
  const reasoning: Reasoning = { enabled: true };
  const budget = readCount(value.budget_tokens, "thinking.budget_tokens");
  if (budget !== undefined) reasoning.budgetTokens = budget;
  if (
    value.type !== "enabled" ||
    extraFields(value, new Set(["type", "budget_tokens"])) !== undefined
  )
    extra.thinking = value;
  return reasoning;
}

/** `output_config`: `effort` → `reasoning.effort`, `format` → `responseFormat`; kept whole in `extra`. */
function parseOutputConfig(
  value: JsonValue,
  request: ChatRequest,
  reasoning: Reasoning,
  extra: JsonObject,
): void {
  if (!isJsonObject(value)) throw new RequestError("output_config", "must be an object");
  const effort = readString(value.effort, "output_config.effort");
  if (effort !== undefined) reasoning.effort = effort;
  const format = value.format;
  if (format !== undefined && format !== null) {
    if (!isJsonObject(format) || format.type !== "json_schema" || !isJsonObject(format.schema))
      throw new RequestError("output_config.format", "must be a json_schema format with a schema");
    request.responseFormat = { type: "json-schema", schema: format.schema };
  }
  // Anthropic's own form is sent back as it came; other dialects read the fields above.
  extra.output_config = value;
}
