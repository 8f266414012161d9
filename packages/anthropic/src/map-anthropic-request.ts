import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
  setOwn,
  type UpstreamRequest,
} from "@sse-dialects/core";

/** Anthropic's endpoint, relative to the API root an OpenAI client is given as `baseURL`. */
const MESSAGES_PATH = "messages";
const CHAT_COMPLETIONS = /\/chat\/completions\/?$/;

/**
 * `max_tokens` is required by the Messages API (https://docs.anthropic.com/en/api/messages);
 * OpenAI's is optional. This is the value sent when the request names none.
 */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * Turns an OpenAI chat-completions request body into a streaming Anthropic Messages request
 * (`POST …/v1/messages`, https://docs.anthropic.com/en/api/messages):
 *
 * - `system` / `developer` messages → the top-level `system` text (joined by blank lines);
 * - `user` / `assistant` messages → `messages`, text parts as `text` blocks, image URLs as
 *   `image` blocks (`url` or `base64` source); an assistant's `tool_calls` → `tool_use` blocks
 *   (arguments parsed; text that is not JSON becomes `{}`); `tool` messages → a `user` message of
 *   `tool_result` blocks;
 * - `max_tokens` / `max_completion_tokens` → `max_tokens` (default {@link DEFAULT_MAX_TOKENS});
 *   `temperature`, `top_p`, `stop` → `stop_sequences`, `metadata.user` from `user`;
 * - `tools` (functions) → `tools` {name, description, input_schema}; `tool_choice` `auto` /
 *   `required` → `any` / a named function → `tool` / `none`; `parallel_tool_calls: false` →
 *   `disable_parallel_tool_use`;
 * - `reasoning_effort` → `thinking` `{type: "enabled", budget_tokens}` (low 1024, medium 4096,
 *   high 16384).
 *
 * Not sent (no Anthropic equivalent): `n`, `logprobs`, `top_logprobs`, `logit_bias`,
 * `presence_penalty`, `frequency_penalty`, `seed`, `response_format`, `stream_options` (Anthropic
 * always reports usage), `service_tier`, audio and file parts. Called through the normalizing
 * fetch (no configured endpoint), `<baseURL>/chat/completions` goes to `<baseURL>/messages`.
 *
 * @example
 * ```ts
 * mapAnthropicRequest({ model: "claude-sonnet-4-5", messages: [{ role: "system", content: "Be brief" }, { role: "user", content: "Hi" }] }, "https://api.anthropic.com/v1/chat/completions", false);
 * // { url: "https://api.anthropic.com/v1/messages", body: { model: "claude-sonnet-4-5", system: "Be brief",
 * //   messages: [{ role: "user", content: "Hi" }], max_tokens: 4096, stream: true } }
 * ```
 */
export function mapAnthropicRequest(
  request: JsonObject,
  url: string,
  configured: boolean,
): UpstreamRequest {
  const system: string[] = [];
  const messages: JsonObject[] = [];
  for (const message of Array.isArray(request.messages) ? request.messages : []) {
    if (!isJsonObject(message)) continue;
    const role = message.role;
    if (role === "system" || role === "developer") {
      system.push(textOf(message.content));
    } else if (role === "tool") {
      const result: JsonObject = {
        type: "tool_result",
        tool_use_id: typeof message.tool_call_id === "string" ? message.tool_call_id : "",
        content: textOf(message.content),
      };
      const last = messages[messages.length - 1];
      // Consecutive tool results answer one assistant turn: one user message holds them all.
      if (last?.role === "user" && Array.isArray(last.content) && isToolResults(last.content))
        last.content.push(result);
      else messages.push({ role: "user", content: [result] });
    } else {
      messages.push(toMessageParam(role === "assistant" ? "assistant" : "user", message));
    }
  }
  const body: JsonObject = { model: request.model ?? null };
  if (system.length > 0) body.system = system.join("\n\n");
  body.messages = messages;
  const max = request.max_completion_tokens ?? request.max_tokens;
  body.max_tokens = typeof max === "number" ? max : DEFAULT_MAX_TOKENS;
  for (const key of ["temperature", "top_p"] as const)
    if (typeof request[key] === "number") body[key] = request[key]!;
  const stop = request.stop;
  if (typeof stop === "string") body.stop_sequences = [stop];
  else if (Array.isArray(stop)) body.stop_sequences = stop;
  if (typeof request.user === "string") body.metadata = { user_id: request.user };
  const tools = toTools(request.tools);
  if (tools !== undefined) body.tools = tools;
  const choice = toToolChoice(request.tool_choice, request.parallel_tool_calls);
  if (choice !== undefined) body.tool_choice = choice;
  const budget = THINKING_BUDGET[String(request.reasoning_effort)];
  if (budget !== undefined) body.thinking = { type: "enabled", budget_tokens: budget };
  body.stream = true;
  return { url: configured ? url : url.replace(CHAT_COMPLETIONS, `/${MESSAGES_PATH}`), body };
}

const THINKING_BUDGET: Readonly<Record<string, number>> = {
  low: 1024,
  medium: 4096,
  high: 16384,
};

function isToolResults(content: JsonValue[]): boolean {
  return content.every((block) => isJsonObject(block) && block.type === "tool_result");
}

/** The text of OpenAI content: a string, or its text parts joined. */
function textOf(content: JsonValue | undefined): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (isJsonObject(part) && typeof part.text === "string" ? part.text : ""))
    .join("");
}

function toMessageParam(role: "user" | "assistant", message: JsonObject): JsonObject {
  const content = message.content;
  const blocks: JsonValue[] = [];
  if (typeof content === "string") {
    if (content !== "") blocks.push({ type: "text", text: content });
  } else if (Array.isArray(content)) {
    for (const part of content) {
      const block = toBlock(part);
      if (block !== undefined) blocks.push(block);
    }
  }
  if (role === "assistant" && Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      if (!isJsonObject(call) || !isJsonObject(call.function)) continue;
      blocks.push({
        type: "tool_use",
        id: typeof call.id === "string" ? call.id : "",
        name: typeof call.function.name === "string" ? call.function.name : "",
        input: parseArguments(call.function.arguments),
      });
    }
  }
  // A plain text message stays a string, the short form Anthropic documents.
  const only = blocks[0];
  if (blocks.length === 1 && isJsonObject(only) && only.type === "text")
    return { role, content: only.text ?? "" };
  return { role, content: blocks };
}

function toBlock(part: JsonValue): JsonValue | undefined {
  if (!isJsonObject(part)) return undefined;
  if (part.type === "text" && typeof part.text === "string")
    return { type: "text", text: part.text };
  if (part.type === "image_url") {
    const source = isJsonObject(part.image_url) ? part.image_url.url : part.image_url;
    if (typeof source !== "string") return undefined;
    const data = /^data:([^;,]+);base64,(.*)$/s.exec(source);
    return data === null
      ? { type: "image", source: { type: "url", url: source } }
      : { type: "image", source: { type: "base64", media_type: data[1]!, data: data[2]! } };
  }
  return undefined;
}

function parseArguments(args: JsonValue | undefined): JsonValue {
  if (typeof args !== "string") return {};
  try {
    const value = parseJson(args) as JsonValue;
    return isJsonObject(value) ? value : {};
  } catch {
    return {};
  }
}

function toTools(tools: JsonValue | undefined): JsonValue[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  const out: JsonValue[] = [];
  for (const tool of tools) {
    if (!isJsonObject(tool) || !isJsonObject(tool.function)) continue;
    const fn = tool.function;
    const entry: JsonObject = { name: fn.name ?? "" };
    if (typeof fn.description === "string") entry.description = fn.description;
    entry.input_schema = isJsonObject(fn.parameters) ? fn.parameters : { type: "object" };
    out.push(entry);
  }
  return out.length > 0 ? out : undefined;
}

function toToolChoice(
  choice: JsonValue | undefined,
  parallel: JsonValue | undefined,
): JsonObject | undefined {
  let out: JsonObject | undefined;
  if (choice === "auto") out = { type: "auto" };
  else if (choice === "required") out = { type: "any" };
  else if (choice === "none") out = { type: "none" };
  else if (isJsonObject(choice) && isJsonObject(choice.function)) {
    out = { type: "tool", name: choice.function.name ?? "" };
  }
  if (parallel === false) {
    out ??= { type: "auto" };
    setOwn(out, "disable_parallel_tool_use", true);
  }
  return out;
}
