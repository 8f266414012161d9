import {
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  extraFields,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  RequestError,
  type ResponseFormat,
  readBoolean,
  readCount,
  readJsonSchemaFormat,
  readNumber,
  readString,
  readStringMap,
  type Tool,
  tagExtra,
} from "@sse-dialects/core";

const DIALECT = "responses";

/** Request fields the model names (https://platform.openai.com/docs/api-reference/responses/create). */
const KNOWN = new Set([
  "model",
  "instructions",
  "input",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "max_output_tokens",
  "temperature",
  "top_p",
  "reasoning",
  "text",
  "stream",
  "metadata",
  "user",
  "store",
]);

/**
 * Fields that point at state OpenAI keeps: an earlier response, a conversation, a stored prompt,
 * a background run. They are carried only to a Responses upstream; any other builder refuses
 * them (400), since the conversation they stand for is not in the request.
 */
const STATEFUL = ["previous_response_id", "conversation", "prompt", "background"] as const;

/** Item-level fields of a message item, kept on its first part as `extra.responses.item`. */
const ITEM = "item";

/**
 * An OpenAI Responses request body (`POST /v1/responses`, the `openai` SDK's
 * `ResponseCreateParams`) → `ChatRequest`.
 *
 * - `instructions` → `system`; `input` as a string → one user message; input items in order:
 *   messages (`user`, `system`, `developer`, `assistant`; `input_text` / `output_text` → text,
 *   `input_image` with an `image_url` → image with its `detail`); `function_call` → a tool-call
 *   part (`call_id` → `id`); `reasoning` items → reasoning parts (summary text,
 *   `encrypted_content` as `redacted`); `function_call_output` → a `tool` message. The items of
 *   one assistant turn (reasoning, message, function calls) make one assistant message; an
 *   item's own fields (`id`, `status`, `phase`) are kept on its part. Other items
 *   (`item_reference`, built-in tool calls) and parts (`input_file`, a `file_id` image) are kept
 *   as provider parts.
 * - `max_output_tokens` → `maxTokens`; `reasoning.effort` → `reasoning.effort` (`summary` →
 *   `include`); `text.format` → `responseFormat`; function `tools`, `tool_choice`,
 *   `parallel_tool_calls`, `temperature`, `top_p`, `metadata`, `user`, `store` by name.
 * - `previous_response_id`, `conversation`, `prompt`, `background` → `stateful` (refused by
 *   every other dialect); the rest (`include`, `truncation`, `service_tier`, …) → `extra`.
 *
 * @example
 * ```ts
 * parseResponsesRequest({ model: "gpt-5", instructions: "Be brief", input: "Hi" });
 * // { model: "gpt-5", system: [{ type: "text", text: "Be brief" }], messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }], stream: false }
 * ```
 */
export function parseResponsesRequest(body: JsonObject): ChatRequest {
  const model = readString(body.model, "model");
  if (model === undefined) throw new RequestError("model", "is required");
  const request: ChatRequest = {
    model,
    messages: parseInput(body.input),
    stream: readBoolean(body.stream, "stream") ?? false,
  };
  const extra = extraFields(body, new Set([...KNOWN, ...STATEFUL])) ?? {};
  const instructions = readString(body.instructions, "instructions");
  if (instructions !== undefined) request.system = [{ type: "text", text: instructions }];
  if (body.tools !== undefined && body.tools !== null) request.tools = parseTools(body.tools);
  const choice = body.tool_choice;
  if (choice === "auto" || choice === "none" || choice === "required") request.toolChoice = choice;
  else if (isJsonObject(choice) && choice.type === "function" && typeof choice.name === "string")
    request.toolChoice = { type: "tool", name: choice.name };
  else if (choice !== undefined && choice !== null) extra.tool_choice = choice;
  const parallel = readBoolean(body.parallel_tool_calls, "parallel_tool_calls");
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  const max = readCount(body.max_output_tokens, "max_output_tokens");
  if (max !== undefined) request.maxTokens = max;
  const temperature = readNumber(body.temperature, "temperature");
  if (temperature !== undefined) request.temperature = temperature;
  const topP = readNumber(body.top_p, "top_p");
  if (topP !== undefined) request.topP = topP;
  if (body.reasoning !== undefined && body.reasoning !== null) {
    if (!isJsonObject(body.reasoning)) throw new RequestError("reasoning", "must be an object");
    const effort = readString(body.reasoning.effort, "reasoning.effort");
    const summary = body.reasoning.summary ?? body.reasoning.generate_summary;
    const reasoning: NonNullable<ChatRequest["reasoning"]> = {};
    if (effort !== undefined) reasoning.effort = effort;
    if (summary !== undefined && summary !== null) reasoning.include = true;
    if (Object.keys(reasoning).length > 0) request.reasoning = reasoning;
    // Responses' own form goes back as it came.
    if (extraFields(body.reasoning, new Set(["effort"])) !== undefined)
      extra.reasoning = body.reasoning;
  }
  if (body.text !== undefined && body.text !== null) {
    if (!isJsonObject(body.text)) throw new RequestError("text", "must be an object");
    const format = parseFormat(body.text.format);
    if (format !== undefined) request.responseFormat = format;
    if (extraFields(body.text, new Set(["format"])) !== undefined) extra.text = body.text;
  }
  const metadata = readStringMap(body.metadata, "metadata");
  if (metadata !== undefined) request.metadata = metadata;
  const user = readString(body.user, "user");
  if (user !== undefined) request.user = user;
  const store = readBoolean(body.store, "store");
  if (store !== undefined) request.store = store;
  const stateful: JsonObject = {};
  for (const key of STATEFUL)
    if (body[key] !== undefined && body[key] !== null && body[key] !== false)
      stateful[key] = body[key]!;
    else if (body[key] !== undefined) extra[key] = body[key]!;
  if (Object.keys(stateful).length > 0) request.stateful = tagExtra(DIALECT, stateful)!;
  if (Object.keys(extra).length > 0) request.extra = tagExtra(DIALECT, extra)!;
  return request;
}

/** Items that belong to the assistant's side of a turn and join one assistant message. */
function isAssistantItem(item: JsonObject): boolean {
  const type = item.type ?? "message";
  if (type === "message") return item.role === "assistant";
  return typeof type === "string" && !type.endsWith("_output");
}

function parseInput(input: JsonValue | undefined): ChatMessage[] {
  if (input === undefined || input === null) return [];
  if (typeof input === "string")
    return [{ role: "user", content: [{ type: "text", text: input }] }];
  if (!Array.isArray(input)) throw new RequestError("input", "must be a string or a list of items");
  const messages: ChatMessage[] = [];
  input.forEach((item, at) => {
    const field = `input[${at}]`;
    if (!isJsonObject(item)) throw new RequestError(field, "must be an object");
    if (item.type !== undefined && typeof item.type !== "string")
      throw new RequestError(`${field}.type`, "must be a string");
    if (isAssistantItem(item)) {
      const last = messages[messages.length - 1];
      const target: ChatMessage =
        last?.role === "assistant" && last.extra === undefined
          ? last
          : { role: "assistant", content: [] };
      if (target !== last) messages.push(target);
      target.content.push(...parseAssistantItem(item, field));
      return;
    }
    const type = item.type ?? "message";
    if (type === "function_call_output") {
      messages.push({ role: "tool", content: [parseOutput(item, field)] });
      return;
    }
    if (type !== "message") {
      messages.push({
        role: "tool",
        content: [{ type: "provider", dialect: DIALECT, part: item }],
      });
      return;
    }
    const role = item.role;
    if (role !== "user" && role !== "system" && role !== "developer")
      throw new RequestError(`${field}.role`, "must be user, assistant, system or developer");
    const message: ChatMessage = { role, content: parseContent(item.content, `${field}.content`) };
    const extra = tagExtra(DIALECT, extraFields(item, new Set(["type", "role", "content"])));
    if (extra !== undefined) message.extra = extra;
    messages.push(message);
  });
  return messages;
}

function parseAssistantItem(item: JsonObject, field: string): ContentPart[] {
  const type = item.type ?? "message";
  if (type === "message") {
    const parts = parseContent(item.content, `${field}.content`);
    const fields = extraFields(item, new Set(["type", "role", "content"]));
    // The item's own fields (id, status, phase) ride on its first part; an empty item gets an empty text.
    if (parts.length === 0) parts.push({ type: "text", text: "" });
    const first = parts[0]!;
    if (fields !== undefined && first.type !== "provider") {
      const own = { ...(first.extra?.[DIALECT] ?? {}), [ITEM]: fields };
      first.extra = tagExtra(DIALECT, own)!;
    } else if (fields !== undefined) return [{ type: "provider", dialect: DIALECT, part: item }];
    return parts;
  }
  if (type === "function_call") {
    const id = readString(item.call_id, `${field}.call_id`);
    const name = readString(item.name, `${field}.name`);
    if (id === undefined || name === undefined)
      throw new RequestError(`${field}.${id === undefined ? "call_id" : "name"}`, "is required");
    const part: ContentPart = {
      type: "tool-call",
      id,
      name,
      arguments: readString(item.arguments, `${field}.arguments`) ?? "",
    };
    const extra = tagExtra(
      DIALECT,
      extraFields(item, new Set(["type", "call_id", "name", "arguments"])),
    );
    if (extra !== undefined) part.extra = extra;
    return [part];
  }
  if (type === "reasoning") {
    const summary = Array.isArray(item.summary) ? item.summary : [];
    const text = summary
      .map((entry) => (isJsonObject(entry) && typeof entry.text === "string" ? entry.text : ""))
      .join("\n\n");
    const part: ContentPart = { type: "reasoning", text, dialect: DIALECT };
    const redacted = readString(item.encrypted_content, `${field}.encrypted_content`);
    if (redacted !== undefined) part.redacted = redacted;
    const extra = tagExtra(DIALECT, extraFields(item, new Set(["type", "encrypted_content"])));
    if (extra !== undefined) part.extra = extra;
    return [part];
  }
  return [{ type: "provider", dialect: DIALECT, part: item }];
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function parseContent(value: JsonValue | undefined, field: string): ContentPart[] {
  if (value === undefined || value === null) throw new RequestError(field, "is required");
  if (typeof value === "string") return value === "" ? [] : [{ type: "text", text: value }];
  if (!Array.isArray(value)) throw new RequestError(field, "must be a string or a list of parts");
  return value.map((part, at): ContentPart => {
    const path = `${field}[${at}]`;
    if (!isJsonObject(part)) throw new RequestError(path, "must be an object");
    if (part.type === "input_text" || part.type === "output_text") {
      const text = readString(part.text, `${path}.text`);
      if (text === undefined) throw new RequestError(`${path}.text`, "is required");
      const out: ContentPart = { type: "text", text };
      const extra = tagExtra(DIALECT, extraFields(part, new Set(["type", "text"])));
      if (extra !== undefined) out.extra = extra;
      return out;
    }
    if (part.type === "input_image" && typeof part.image_url === "string") {
      const data = DATA_URL.exec(part.image_url);
      const out: ContentPart = {
        type: "image",
        source:
          data === null
            ? { type: "url", url: part.image_url }
            : { type: "base64", mediaType: data[1]!, data: data[2]! },
      };
      const detail = readString(part.detail, `${path}.detail`);
      if (detail !== undefined) out.detail = detail;
      const extra = tagExtra(DIALECT, extraFields(part, new Set(["type", "image_url", "detail"])));
      if (extra !== undefined) out.extra = extra;
      return out;
    }
    return { type: "provider", dialect: DIALECT, part };
  });
}

function parseOutput(item: JsonObject, field: string): ContentPart {
  const id = readString(item.call_id, `${field}.call_id`);
  if (id === undefined) throw new RequestError(`${field}.call_id`, "is required");
  const output = item.output;
  const content =
    typeof output === "string"
      ? output === ""
        ? []
        : [{ type: "text" as const, text: output }]
      : parseContent(output, `${field}.output`);
  const results = content.filter((part) => part.type === "text" || part.type === "image");
  if (results.length !== content.length) return { type: "provider", dialect: DIALECT, part: item };
  const part: ContentPart = { type: "tool-result", id, content: results };
  const extra = tagExtra(DIALECT, extraFields(item, new Set(["type", "call_id", "output"])));
  if (extra !== undefined) part.extra = extra;
  return part;
}

function parseTools(value: JsonValue): Tool[] {
  if (!Array.isArray(value)) throw new RequestError("tools", "must be a list");
  return value.map((tool, at): Tool => {
    const field = `tools[${at}]`;
    if (!isJsonObject(tool)) throw new RequestError(field, "must be an object");
    if (tool.type !== "function") return { type: "provider", dialect: DIALECT, tool };
    const name = readString(tool.name, `${field}.name`);
    if (name === undefined) throw new RequestError(`${field}.name`, "is required");
    const out: Tool = { type: "function", name };
    const description = readString(tool.description, `${field}.description`);
    if (description !== undefined) out.description = description;
    if (tool.parameters !== undefined && tool.parameters !== null) {
      if (!isJsonObject(tool.parameters))
        throw new RequestError(`${field}.parameters`, "must be a JSON schema object");
      out.parameters = tool.parameters;
    }
    const strict = readBoolean(tool.strict, `${field}.strict`);
    if (strict !== undefined) out.strict = strict;
    const extra = tagExtra(
      DIALECT,
      extraFields(tool, new Set(["type", "name", "description", "parameters", "strict"])),
    );
    if (extra !== undefined) out.extra = extra;
    return out;
  });
}

function parseFormat(value: JsonValue | undefined): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new RequestError("text.format", "must be an object");
  if (value.type === "text") return { type: "text" };
  if (value.type === "json_object") return { type: "json" };
  if (value.type === "json_schema") return readJsonSchemaFormat(value, "text.format");
  throw new RequestError("text.format.type", "must be text, json_object or json_schema");
}
