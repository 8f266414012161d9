import {
  type ChatRequest,
  type ContentPart,
  type DroppedField,
  imageMediaType,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  joinUrl,
  ownProviderTool,
  parseToolArguments,
  RequestError,
  type SamplingNames,
  type UpstreamRequest,
  type UpstreamTarget,
  withToolCallIds,
  writeExtra,
  writeSamplingFields,
  writeStateful,
} from "@sse-dialects/core";
import { DEFAULT_MAX_TOKENS } from "./map-anthropic-request.js";

const DIALECT = "anthropic";

/** Anthropic's names for the sampling settings (Messages API). */
const SAMPLING: SamplingNames = {
  maxTokens: "max_tokens",
  temperature: "temperature",
  topP: "top_p",
  topK: "top_k",
  stop: "stop_sequences",
  seed: null,
  presencePenalty: null,
  frequencyPenalty: null,
};

/** The API version every request names (https://docs.anthropic.com/en/api/versioning). */
export const ANTHROPIC_VERSION = "2023-06-01";

/**
 * Effort words → a thinking budget, for a request that names an effort but no budget
 * (Anthropic's documented minimum budget is 1024 tokens).
 */
const BUDGET_OF_EFFORT: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 4096,
  high: 16384,
  xhigh: 32768,
  max: 32768,
};
const MIN_BUDGET = 1024;

/**
 * `ChatRequest` → a streaming Anthropic Messages request at `<baseUrl>/v1/messages` (`baseUrl`
 * as the SDK's `baseURL`, `https://api.anthropic.com`; one already ending in `/v1` is used as
 * it is), with the `anthropic-version` header.
 *
 * - `system` and every `system` / `developer` message → the top-level `system` (a string when it
 *   is one plain text, else text blocks), since Anthropic takes instructions there.
 * - `user` / `assistant` messages → content blocks in order (one plain text → a string);
 *   images → `base64` (media type sniffed when absent) or `url` sources; tool calls →
 *   `tool_use` (arguments parsed: text that is not a JSON object is a 400); tool results (a
 *   `tool` message, or parts of a `user` one) → `tool_result` blocks in a `user` message, the
 *   results answering one turn together; Anthropic reasoning → `thinking` / `redacted_thinking`
 *   (another dialect's reasoning is dropped: its signature is not Anthropic's).
 * - `maxTokens` → `max_tokens` (required: {@link DEFAULT_MAX_TOKENS} when absent);
 *   `temperature`, `top_p`, `top_k`, `stop` → `stop_sequences`; tools → `input_schema`;
 *   `toolChoice` `required` → `any`; `parallelToolCalls: false` → `disable_parallel_tool_use`;
 *   `reasoning` → `thinking` (`budgetTokens`, or a budget from the effort: low 1024, medium 4096,
 *   high 16384; kept below `max_tokens`), `enabled: false` → `disabled`; `responseFormat`
 *   `json-schema` → `output_config.format` (`json` as the schema `{type: "object"}`);
 *   `user` → `metadata.user_id`.
 * - Dropped (listed): `seed`, penalties, `metadata` (Anthropic's holds only `user_id`),
 *   `store`, another dialect's `extra`. Refused: another dialect's provider tools and parts,
 *   and stateful fields.
 *
 * @example
 * ```ts
 * buildAnthropicRequest(request, { baseUrl: "https://api.anthropic.com", model: "claude-sonnet-4-5" }).url;
 * // "https://api.anthropic.com/v1/messages"
 * ```
 */
export function buildAnthropicRequest(
  given: ChatRequest,
  upstream: UpstreamTarget,
): UpstreamRequest {
  // Calls and results from a dialect that pairs them by name and order (Gemini, Ollama) get ids.
  const request = withToolCallIds(given);
  const dropped: DroppedField[] = [];
  const system: JsonObject[] = [];
  request.system?.forEach((part, at) => {
    const block: JsonObject = { type: "text", text: part.text };
    writeExtra(block, part.extra, DIALECT, `system[${at}]`, dropped);
    system.push(block);
  });
  const messages: JsonObject[] = [];
  request.messages.forEach((message, at) => {
    const field = `messages[${at}]`;
    if (message.role === "system" || message.role === "developer") {
      message.content.forEach((part, index) => {
        if (part.type !== "text") {
          dropped.push({
            field: `${field}.content[${index}]`,
            reason: "anthropic instructions are text",
          });
          return;
        }
        const block: JsonObject = { type: "text", text: part.text };
        writeExtra(block, part.extra, DIALECT, `${field}.content[${index}]`, dropped);
        system.push(block);
      });
      return;
    }
    const blocks = message.content.map((part, index) =>
      toBlock(part, `${field}.content[${index}]`, dropped),
    );
    const content = blocks.filter((block): block is JsonObject => block !== undefined);
    const role = message.role === "assistant" ? "assistant" : "user";
    const last = messages[messages.length - 1];
    // Results answering one assistant turn go back in one user message.
    if (
      role === "user" &&
      content.length > 0 &&
      content.every((block) => block.type === "tool_result") &&
      message.extra === undefined &&
      last?.role === "user" &&
      Array.isArray(last.content) &&
      last.content.every((block) => isJsonObject(block) && block.type === "tool_result")
    ) {
      last.content.push(...content);
      return;
    }
    if (content.length === 0) {
      // Anthropic refuses a message without content; an empty one says nothing to leave out.
      dropped.push({ field, reason: "an empty message: anthropic refuses empty content" });
      return;
    }
    const out: JsonObject = { role, content: shortForm(content) };
    writeExtra(out, message.extra, DIALECT, field, dropped);
    if (message.name !== undefined)
      dropped.push({ field: `${field}.name`, reason: "anthropic messages have no name" });
    messages.push(out);
  });
  const body: JsonObject = { model: upstream.model };
  if (system.length > 0) body.system = shortForm(system);
  body.messages = messages;
  // Required by Anthropic: a default until the request says otherwise.
  body.max_tokens = DEFAULT_MAX_TOKENS;
  writeSamplingFields(request, body, SAMPLING, DIALECT, dropped);
  if (request.metadata !== undefined)
    dropped.push({ field: "metadata", reason: "anthropic has no metadata" });
  if (request.store === true) dropped.push({ field: "store", reason: "anthropic stores nothing" });
  if (request.tools !== undefined) {
    body.tools = request.tools.map((tool, at): JsonValue => {
      if (tool.type === "provider") return ownProviderTool(tool, DIALECT, at);
      const out: JsonObject = { name: tool.name };
      if (tool.description !== undefined) out.description = tool.description;
      out.input_schema = tool.parameters ?? { type: "object" };
      if (tool.strict !== undefined) out.strict = tool.strict;
      writeExtra(out, tool.extra, DIALECT, `tools[${at}]`, dropped);
      return out;
    });
  }
  const choice = toolChoice(request);
  if (choice !== undefined) body.tool_choice = choice;
  const own = request.extra?.[DIALECT];
  if (own?.thinking === undefined) {
    const thinking = toThinking(request, body.max_tokens as number, dropped);
    if (thinking !== undefined) body.thinking = thinking;
  }
  if (own?.output_config === undefined) {
    const format = request.responseFormat;
    if (format?.type === "json-schema")
      body.output_config = { format: { type: "json_schema", schema: format.schema } };
    else if (format?.type === "json")
      body.output_config = { format: { type: "json_schema", schema: { type: "object" } } };
  }
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  const ownMetadata = own?.metadata;
  if (isJsonObject(ownMetadata))
    body.metadata = { ...ownMetadata, ...(isJsonObject(body.metadata) ? body.metadata : {}) };
  const rest = request.extra === undefined ? undefined : { ...request.extra };
  if (rest?.[DIALECT] !== undefined) {
    const { metadata: _metadata, ...fields } = rest[DIALECT]!;
    rest[DIALECT] = fields;
  }
  writeExtra(body, rest, DIALECT, "", dropped);
  writeStateful(body, request, DIALECT);
  body.stream = true;
  const url = /\/v1\/?$/.test(upstream.baseUrl)
    ? joinUrl(upstream.baseUrl, "messages")
    : joinUrl(upstream.baseUrl, "v1/messages");
  const built: UpstreamRequest = { url, body, headers: { "anthropic-version": ANTHROPIC_VERSION } };
  if (dropped.length > 0) built.dropped = dropped;
  return built;
}

/** One plain text block is sent as a string, the short form Anthropic documents. */
function shortForm(blocks: JsonObject[]): JsonValue {
  const only = blocks[0];
  if (blocks.length === 1 && only?.type === "text" && Object.keys(only).length === 2)
    return only.text!;
  return blocks;
}

function toBlock(
  part: ContentPart,
  field: string,
  dropped: DroppedField[],
): JsonObject | undefined {
  let block: JsonObject;
  switch (part.type) {
    case "text":
      block = { type: "text", text: part.text };
      break;
    case "image": {
      const source = part.source;
      block = {
        type: "image",
        source:
          source.type === "url"
            ? { type: "url", url: source.url }
            : {
                type: "base64",
                media_type: source.mediaType ?? imageMediaType(source.data),
                data: source.data,
              },
      };
      if (part.detail !== undefined)
        dropped.push({ field: `${field}.detail`, reason: "anthropic images have no detail" });
      break;
    }
    case "tool-call":
      if (part.id === undefined)
        throw new RequestError(`${field}.id`, "a tool call needs an id (use withToolCallIds)");
      block = {
        type: "tool_use",
        id: part.id,
        name: part.name,
        input: parseToolArguments(part.arguments, `${field}.arguments`),
      };
      break;
    case "tool-result": {
      if (part.id === undefined)
        throw new RequestError(
          `${field}.id`,
          "a tool result needs the id of its call (use withToolCallIds)",
        );
      const content = part.content
        .map((item, at) => toBlock(item, `${field}.content[${at}]`, dropped))
        .filter((item): item is JsonObject => item !== undefined);
      block = { type: "tool_result", tool_use_id: part.id, content: shortForm(content) };
      if (part.isError !== undefined) block.is_error = part.isError;
      break;
    }
    case "reasoning":
      if (
        part.dialect !== DIALECT ||
        (part.redacted === undefined && part.signature === undefined)
      ) {
        dropped.push({
          field,
          reason: `${part.dialect} reasoning cannot be sent back to anthropic`,
        });
        return undefined;
      }
      block =
        part.redacted !== undefined
          ? { type: "redacted_thinking", data: part.redacted }
          : { type: "thinking", thinking: part.text, signature: part.signature! };
      break;
    case "provider":
      if (part.dialect !== DIALECT)
        throw new RequestError(
          field,
          `a ${part.dialect} content part has no ${DIALECT} equivalent`,
        );
      return part.part;
  }
  writeExtra(block, part.extra, DIALECT, field, dropped);
  return block;
}

function toolChoice(request: ChatRequest): JsonObject | undefined {
  const choice = request.toolChoice;
  let out: JsonObject | undefined;
  if (choice === "auto") out = { type: "auto" };
  else if (choice === "required") out = { type: "any" };
  else if (choice === "none") out = { type: "none" };
  else if (choice !== undefined) out = { type: "tool", name: choice.name };
  if (request.parallelToolCalls !== undefined && out?.type !== "none") {
    out ??= { type: "auto" };
    out.disable_parallel_tool_use = !request.parallelToolCalls;
  }
  return out;
}

function toThinking(
  request: ChatRequest,
  maxTokens: number,
  dropped: DroppedField[],
): JsonObject | undefined {
  const reasoning = request.reasoning;
  if (reasoning === undefined) return undefined;
  if (reasoning.enabled === false || reasoning.effort === "none") return { type: "disabled" };
  let budget =
    reasoning.budgetTokens ??
    (reasoning.effort !== undefined ? BUDGET_OF_EFFORT[reasoning.effort] : undefined);
  if (budget === undefined) {
    if (reasoning.enabled !== true) {
      if (reasoning.effort !== undefined)
        dropped.push({
          field: "reasoning.effort",
          reason: `anthropic has no effort named ${reasoning.effort}`,
        });
      return undefined;
    }
    budget = MIN_BUDGET;
  }
  // The budget must be at least 1024 and below max_tokens.
  budget = Math.min(Math.max(budget, MIN_BUDGET), maxTokens - 1);
  if (budget < MIN_BUDGET) {
    dropped.push({
      field: "reasoning",
      reason: "max_tokens leaves no room for anthropic's minimum thinking budget",
    });
    return undefined;
  }
  return { type: "enabled", budget_tokens: budget };
}
