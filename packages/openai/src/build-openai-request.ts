import {
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  type DroppedField,
  type ImagePart,
  imageMediaType,
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

const DIALECT = "openai";

/** OpenAI chat's names for the sampling settings (`max_tokens` is deprecated for `max_completion_tokens`). */
const SAMPLING: SamplingNames = {
  maxTokens: "max_completion_tokens",
  temperature: "temperature",
  topP: "top_p",
  topK: null,
  stop: "stop",
  seed: "seed",
  presencePenalty: "presence_penalty",
  frequencyPenalty: "frequency_penalty",
};

/** Token budgets → OpenAI's effort words (Anthropic's documented minimum budget is 1024). */
function effortOfBudget(budget: number): string {
  if (budget <= 2048) return "low";
  if (budget <= 8192) return "medium";
  return "high";
}

/**
 * `ChatRequest` → a streaming OpenAI chat-completions request at `<baseUrl>/chat/completions`
 * (`baseUrl` as the `openai` SDK's `baseURL`, e.g. `https://api.openai.com/v1`).
 *
 * - `system` → a leading `system` message; messages keep their role; a single text part is
 *   sent as a string; images as `image_url` (base64 as a `data:` URL); tool-call parts → the
 *   assistant's `tool_calls`; tool-result parts → one `tool` message each, before what else the
 *   message holds (Anthropic sends results inside a `user` message). A result's images and
 *   `isError` have no place in a `tool` message: listed in `dropped`.
 * - `maxTokens` → `max_completion_tokens` (the current name; `max_tokens` is deprecated and
 *   refused by reasoning models); `reasoning.effort` → `reasoning_effort` (a budget maps to
 *   low ≤ 2048 < medium ≤ 8192 < high); `responseFormat` → `response_format` (`json_schema`
 *   needs a name: `response` when none was given); `topK` is dropped (no OpenAI field).
 * - Always `stream: true` with `stream_options.include_usage: true`, so a collected answer has
 *   its usage.
 * - Another dialect's reasoning parts are dropped (their signatures mean nothing here);
 *   another dialect's provider parts and tools are refused (400).
 *
 * @example
 * ```ts
 * buildOpenAIRequest(request, { baseUrl: "https://api.openai.com/v1", model: "gpt-4o" }).url;
 * // "https://api.openai.com/v1/chat/completions"
 * ```
 */
export function buildOpenAIRequest(given: ChatRequest, upstream: UpstreamTarget): UpstreamRequest {
  // Calls and results from a dialect that pairs them by name and order (Gemini, Ollama) get ids.
  const request = withToolCallIds(given);
  const dropped: DroppedField[] = [];
  const messages: JsonValue[] = [];
  if (request.system !== undefined && request.system.length > 0) {
    messages.push({ role: "system", content: textContent(request.system, "system", dropped) });
  }
  request.messages.forEach((message, at) => {
    messages.push(...buildMessages(message, `messages[${at}]`, dropped));
  });
  const body: JsonObject = { model: upstream.model, messages };
  if (request.tools !== undefined) {
    body.tools = request.tools.map((tool, at): JsonValue => {
      if (tool.type === "provider") return ownProviderTool(tool, DIALECT, at);
      const fn: JsonObject = { name: tool.name };
      if (tool.description !== undefined) fn.description = tool.description;
      if (tool.parameters !== undefined) fn.parameters = tool.parameters;
      if (tool.strict !== undefined) fn.strict = tool.strict;
      const out: JsonObject = { type: "function", function: fn };
      writeExtra(out, tool.extra, DIALECT, `tools[${at}]`, dropped);
      return out;
    });
  }
  const choice = request.toolChoice;
  if (choice !== undefined)
    body.tool_choice =
      typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  writeSamplingFields(request, body, SAMPLING, DIALECT, dropped);
  const reasoning = request.reasoning;
  if (reasoning !== undefined) {
    const effort =
      reasoning.effort ??
      (reasoning.budgetTokens !== undefined ? effortOfBudget(reasoning.budgetTokens) : undefined);
    if (reasoning.enabled === false && reasoning.effort === undefined)
      dropped.push({
        field: "reasoning.enabled",
        reason: "openai has no switch to turn reasoning off",
      });
    else if (effort !== undefined) body.reasoning_effort = effort;
  }
  const format = request.responseFormat;
  if (format !== undefined) {
    if (format.type === "text") body.response_format = { type: "text" };
    else if (format.type === "json") body.response_format = { type: "json_object" };
    else {
      const spec: JsonObject = { name: format.name ?? "response", schema: format.schema };
      if (format.description !== undefined) spec.description = format.description;
      if (format.strict !== undefined) spec.strict = format.strict;
      body.response_format = { type: "json_schema", json_schema: spec };
    }
  }
  if (request.metadata !== undefined) body.metadata = request.metadata;
  if (request.user !== undefined) body.user = request.user;
  if (request.store !== undefined) body.store = request.store;
  writeExtra(body, request.extra, DIALECT, "", dropped);
  writeStateful(body, request, DIALECT);
  body.stream = true;
  const options = request.extra?.[DIALECT]?.stream_options;
  body.stream_options = {
    ...(options !== null && typeof options === "object" && !Array.isArray(options) ? options : {}),
    include_usage: true,
  };
  const built: UpstreamRequest = { url: joinUrl(upstream.baseUrl, "chat/completions"), body };
  if (dropped.length > 0) built.dropped = dropped;
  return built;
}

/** One model message as OpenAI messages: tool results first as `tool` messages, then the rest. */
function buildMessages(message: ChatMessage, field: string, dropped: DroppedField[]): JsonObject[] {
  const out: JsonObject[] = [];
  const rest: ContentPart[] = [];
  message.content.forEach((part, at) => {
    const path = `${field}.content[${at}]`;
    if (part.type !== "tool-result") {
      rest.push(part);
      return;
    }
    if (part.id === undefined)
      throw new RequestError(
        `${path}.id`,
        "a tool result needs the id of its call (use withToolCallIds)",
      );
    if (part.isError !== undefined)
      dropped.push({
        field: `${path}.isError`,
        reason: "an openai tool message has no error flag",
      });
    const tool: JsonObject = {
      role: "tool",
      tool_call_id: part.id,
      content: textContent(part.content, `${path}.content`, dropped),
    };
    writeExtra(tool, part.extra, DIALECT, path, dropped);
    out.push(tool);
  });
  if (rest.length === 0 && out.length > 0) {
    // A `tool` message of the model: its fields (name aside) go on the tool message itself.
    if (out.length === 1 && message.role === "tool")
      writeExtra(out[0]!, message.extra, DIALECT, field, dropped);
    return out;
  }
  const role = message.role === "tool" ? "user" : message.role;
  const built: JsonObject = { role };
  const content: JsonValue[] = [];
  const calls: JsonValue[] = [];
  rest.forEach((part, at) => {
    const path = `${field}.content[${at}]`;
    if (part.type === "text") {
      const text: JsonObject = { type: "text", text: part.text };
      writeExtra(text, part.extra, DIALECT, path, dropped);
      content.push(text);
    } else if (part.type === "image") {
      if (role === "system" || role === "developer")
        dropped.push({ field: path, reason: `an openai ${role} message takes only text` });
      else content.push(imagePart(part, path, dropped));
    } else if (part.type === "tool-call") {
      if (role !== "assistant")
        throw new RequestError(path, "only an assistant message makes tool calls");
      if (part.id === undefined)
        throw new RequestError(`${path}.id`, "a tool call needs an id (use withToolCallIds)");
      const call: JsonObject = {
        id: part.id,
        type: "function",
        function: { name: part.name, arguments: part.arguments },
      };
      writeExtra(call, part.extra, DIALECT, path, dropped);
      calls.push(call);
    } else if (part.type === "reasoning") {
      dropped.push({ field: path, reason: "openai takes no reasoning in a request" });
    } else if (part.type === "provider") {
      if (part.dialect !== DIALECT)
        throw new RequestError(path, `a ${part.dialect} content part has no ${DIALECT} equivalent`);
      if (part.part.type === "function" || part.part.type === "custom") calls.push(part.part);
      else content.push(part.part);
    }
  });
  const only = content[0];
  if (content.length === 1 && isPlainText(only)) built.content = only.text;
  else if (content.length > 0) built.content = content;
  else if (calls.length === 0) built.content = "";
  if (calls.length > 0) built.tool_calls = calls;
  if (message.name !== undefined) built.name = message.name;
  writeExtra(built, message.extra, DIALECT, field, dropped);
  out.push(built);
  return out;
}

function isPlainText(value: JsonValue | undefined): value is { type: "text"; text: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    value.type === "text" &&
    typeof value.text === "string" &&
    Object.keys(value).length === 2
  );
}

function imagePart(part: ImagePart, path: string, dropped: DroppedField[]): JsonObject {
  const source = part.source;
  const url =
    source.type === "url"
      ? source.url
      : `data:${source.mediaType ?? imageMediaType(source.data)};base64,${source.data}`;
  const image: JsonObject = { url };
  if (part.detail !== undefined) image.detail = part.detail;
  const out: JsonObject = { type: "image_url", image_url: image };
  writeExtra(out, part.extra, DIALECT, path, dropped);
  return out;
}

/**
 * Text parts as OpenAI content where only text is allowed (system, developer and tool
 * messages): a string for one plain part, else text parts. Images have no place there.
 */
function textContent(
  parts: readonly ContentPart[],
  field: string,
  dropped: DroppedField[],
): JsonValue {
  const texts: JsonObject[] = [];
  parts.forEach((part, at) => {
    if (part.type === "text") {
      const text: JsonObject = { type: "text", text: part.text };
      writeExtra(text, part.extra, DIALECT, `${field}[${at}]`, dropped);
      texts.push(text);
    } else
      dropped.push({
        field: `${field}[${at}]`,
        reason: `openai takes only text here, not ${part.type}`,
      });
  });
  const only = texts[0];
  if (texts.length === 1 && isPlainText(only)) return only.text;
  if (texts.length === 0) return "";
  return texts;
}
