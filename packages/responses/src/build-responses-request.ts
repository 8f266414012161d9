import {
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  type DroppedField,
  imageMediaType,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  joinUrl,
  ownProviderTool,
  RequestError,
  type SamplingNames,
  type UpstreamRequest,
  type UpstreamTarget,
  withToolCallIds,
  writeExtra,
  writeSamplingFields,
  writeStateful,
} from "@sse-dialects/core";

const DIALECT = "responses";

/** The Responses API's names for the sampling settings. */
const SAMPLING: SamplingNames = {
  maxTokens: "max_output_tokens",
  temperature: "temperature",
  topP: "top_p",
  topK: null,
  stop: null,
  seed: null,
  presencePenalty: null,
  frequencyPenalty: null,
};
const ITEM = "item";

function effortOfBudget(budget: number): string {
  if (budget <= 2048) return "low";
  if (budget <= 8192) return "medium";
  return "high";
}

/**
 * `ChatRequest` → a streaming Responses request at `<baseUrl>/responses` (`baseUrl` as the
 * `openai` SDK's `baseURL`, `https://api.openai.com/v1`).
 *
 * - `system` → `instructions` (parts joined by blank lines); messages → `input` items in order:
 *   `user` / `system` / `developer` messages (text → `input_text`, images → `input_image`, a
 *   single plain text as a string); an assistant message → `message` items of `output_text`,
 *   `function_call` items for its tool calls, `reasoning` items for Responses reasoning
 *   (another dialect's reasoning is dropped); tool results → `function_call_output` items
 *   (text joined; images as `input_image` parts).
 * - `maxTokens` → `max_output_tokens`; `reasoning.effort` (or a budget: low ≤ 2048 < medium ≤
 *   8192 < high) → `reasoning.effort`, `include` → `summary: "auto"`; `responseFormat` →
 *   `text.format`; tools flat (`{type: "function", name, parameters}`); `toolChoice`,
 *   `parallelToolCalls`, `temperature`, `top_p`, `metadata`, `user`, `store` by name.
 * - Dropped (listed): `topK`, `stop`, `seed`, penalties (no Responses fields); another
 *   dialect's `extra`. Refused: another dialect's provider tools, parts and stateful fields.
 *
 * @example
 * ```ts
 * buildResponsesRequest(request, { baseUrl: "https://api.openai.com/v1", model: "gpt-5" }).url;
 * // "https://api.openai.com/v1/responses"
 * ```
 */
export function buildResponsesRequest(
  given: ChatRequest,
  upstream: UpstreamTarget,
): UpstreamRequest {
  // Calls and results from a dialect that pairs them by name and order (Gemini, Ollama) get ids.
  const request = withToolCallIds(given);
  const dropped: DroppedField[] = [];
  const body: JsonObject = { model: upstream.model };
  if (request.system !== undefined && request.system.length > 0) {
    request.system.forEach((part, at) => {
      writeExtra({}, part.extra, DIALECT, `system[${at}]`, dropped);
    });
    body.instructions = request.system.map((part) => part.text).join("\n\n");
  }
  const input: JsonValue[] = [];
  request.messages.forEach((message, at) => {
    input.push(...toItems(message, `messages[${at}]`, dropped));
  });
  body.input = input;
  if (request.tools !== undefined) {
    body.tools = request.tools.map((tool, at): JsonValue => {
      if (tool.type === "provider") return ownProviderTool(tool, DIALECT, at);
      const out: JsonObject = { type: "function", name: tool.name };
      if (tool.description !== undefined) out.description = tool.description;
      out.parameters = tool.parameters ?? { type: "object", properties: {} };
      if (tool.strict !== undefined) out.strict = tool.strict;
      writeExtra(out, tool.extra, DIALECT, `tools[${at}]`, dropped);
      return out;
    });
  }
  const choice = request.toolChoice;
  if (choice !== undefined)
    body.tool_choice =
      typeof choice === "string" ? choice : { type: "function", name: choice.name };
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  writeSamplingFields(request, body, SAMPLING, DIALECT, dropped);
  const own = request.extra?.[DIALECT];
  const reasoning = request.reasoning;
  if (reasoning !== undefined && own?.reasoning === undefined) {
    const out: JsonObject = {};
    const effort =
      reasoning.effort ??
      (reasoning.enabled === false
        ? "none"
        : reasoning.budgetTokens !== undefined
          ? effortOfBudget(reasoning.budgetTokens)
          : undefined);
    if (effort !== undefined) out.effort = effort;
    if (reasoning.include === true) out.summary = "auto";
    if (Object.keys(out).length > 0) body.reasoning = out;
  }
  const format = request.responseFormat;
  if (format !== undefined && own?.text === undefined) {
    if (format.type === "json-schema") {
      const out: JsonObject = {
        type: "json_schema",
        name: format.name ?? "response",
        schema: format.schema,
      };
      if (format.description !== undefined) out.description = format.description;
      if (format.strict !== undefined) out.strict = format.strict;
      body.text = { format: out };
    } else body.text = { format: { type: format.type === "json" ? "json_object" : "text" } };
  }
  if (request.metadata !== undefined) body.metadata = request.metadata;
  if (request.user !== undefined) body.user = request.user;
  if (request.store !== undefined) body.store = request.store;
  writeExtra(body, request.extra, DIALECT, "", dropped);
  writeStateful(body, request, DIALECT);
  body.stream = true;
  const built: UpstreamRequest = { url: joinUrl(upstream.baseUrl, "responses"), body };
  if (dropped.length > 0) built.dropped = dropped;
  return built;
}

function toItems(message: ChatMessage, field: string, dropped: DroppedField[]): JsonObject[] {
  if (message.role !== "assistant") return userItems(message, field, dropped);
  const items: JsonObject[] = [];
  let open: JsonObject[] | undefined;
  message.content.forEach((part, at) => {
    const path = `${field}.content[${at}]`;
    if (part.type === "text") {
      const own = part.extra?.[DIALECT];
      const itemFields = own?.[ITEM];
      const text: JsonObject = { type: "output_text", text: part.text };
      const rest = own === undefined ? part.extra : { ...part.extra, [DIALECT]: withoutItem(own) };
      writeExtra(text, rest, DIALECT, path, dropped);
      // A part that began an item on the wire begins one again.
      if (open === undefined || isJsonObject(itemFields ?? null)) {
        const item: JsonObject = { type: "message", role: "assistant" };
        if (isJsonObject(itemFields ?? null)) Object.assign(item, itemFields);
        open = [];
        item.content = open;
        items.push(item);
      }
      if (
        part.text !== "" ||
        part.extra === undefined ||
        Object.keys(rest?.[DIALECT] ?? {}).length > 0
      )
        open.push(text);
      return;
    }
    open = undefined;
    if (part.type === "tool-call") {
      if (part.id === undefined)
        throw new RequestError(`${path}.id`, "a tool call needs an id (use withToolCallIds)");
      const call: JsonObject = {
        type: "function_call",
        call_id: part.id,
        name: part.name,
        arguments: part.arguments,
      };
      writeExtra(call, part.extra, DIALECT, path, dropped);
      items.push(call);
    } else if (part.type === "reasoning") {
      if (part.dialect !== DIALECT) {
        dropped.push({
          field: path,
          reason: `${part.dialect} reasoning cannot be sent back to responses`,
        });
        return;
      }
      const item: JsonObject = { type: "reasoning" };
      writeExtra(item, part.extra, DIALECT, path, dropped);
      if (item.summary === undefined)
        item.summary = part.text === "" ? [] : [{ type: "summary_text", text: part.text }];
      if (part.redacted !== undefined) item.encrypted_content = part.redacted;
      items.push(item);
    } else if (part.type === "provider") {
      if (part.dialect !== DIALECT)
        throw new RequestError(path, `a ${part.dialect} content part has no ${DIALECT} equivalent`);
      items.push(part.part);
    } else if (part.type === "image") {
      dropped.push({ field: path, reason: "a responses assistant message holds no images" });
    } else {
      items.push(...userItems({ role: "tool", content: [part] }, field, dropped));
    }
  });
  if (message.name !== undefined)
    dropped.push({ field: `${field}.name`, reason: "responses messages have no name" });
  return items;
}

function withoutItem(fields: JsonObject): JsonObject {
  const { [ITEM]: _item, ...rest } = fields;
  return rest;
}

/** A user, system or developer message, or tool results, as input items. */
function userItems(message: ChatMessage, field: string, dropped: DroppedField[]): JsonObject[] {
  const items: JsonObject[] = [];
  const content: JsonObject[] = [];
  message.content.forEach((part, at) => {
    const path = `${field}.content[${at}]`;
    if (part.type === "tool-result") {
      if (part.id === undefined)
        throw new RequestError(
          `${path}.id`,
          "a tool result needs the id of its call (use withToolCallIds)",
        );
      const parts = part.content.map((item, index) =>
        inputPart(item, `${path}.content[${index}]`, dropped),
      );
      const plain = parts.every(
        (item) => item.type === "input_text" && Object.keys(item).length === 2,
      );
      const output: JsonObject = {
        type: "function_call_output",
        call_id: part.id,
        output: plain ? parts.map((item) => item.text as string).join("") : parts,
      };
      if (part.isError !== undefined)
        dropped.push({
          field: `${path}.isError`,
          reason: "a responses function output has no error flag",
        });
      writeExtra(output, part.extra, DIALECT, path, dropped);
      items.push(output);
    } else if (part.type === "text" || part.type === "image")
      content.push(inputPart(part, path, dropped));
    else if (part.type === "provider") {
      if (part.dialect !== DIALECT)
        throw new RequestError(path, `a ${part.dialect} content part has no ${DIALECT} equivalent`);
      if (message.role === "tool") items.push(part.part);
      else content.push(part.part);
    } else
      dropped.push({
        field: path,
        reason: `a responses ${message.role} message holds no ${part.type}`,
      });
  });
  // A message that held only tool results (Anthropic's user turn of tool_result blocks) becomes
  // only its function_call_output items: no empty message after them.
  if (content.length > 0 || (message.role !== "tool" && items.length === 0)) {
    const only = content[0];
    const item: JsonObject = {
      role: message.role === "tool" ? "user" : message.role,
      content:
        content.length === 1 && only?.type === "input_text" && Object.keys(only).length === 2
          ? only.text!
          : content,
    };
    writeExtra(item, message.extra, DIALECT, field, dropped);
    // Results answer the calls before anything else the user says (as OpenAI's `tool` messages do).
    items.push(item);
  } else if (message.extra !== undefined && items.length === 1) {
    writeExtra(items[0]!, message.extra, DIALECT, field, dropped);
  }
  if (message.name !== undefined)
    dropped.push({ field: `${field}.name`, reason: "responses messages have no name" });
  return items;
}

function inputPart(part: ContentPart, path: string, dropped: DroppedField[]): JsonObject {
  if (part.type === "text") {
    const out: JsonObject = { type: "input_text", text: part.text };
    writeExtra(out, part.extra, DIALECT, path, dropped);
    return out;
  }
  if (part.type === "image") {
    const source = part.source;
    const out: JsonObject = {
      type: "input_image",
      image_url:
        source.type === "url"
          ? source.url
          : `data:${source.mediaType ?? imageMediaType(source.data)};base64,${source.data}`,
      detail: part.detail ?? "auto",
    };
    writeExtra(out, part.extra, DIALECT, path, dropped);
    return out;
  }
  throw new RequestError(path, "a tool result holds text and images only");
}
