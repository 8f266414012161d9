import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type UpstreamRequest,
} from "@sse-dialects/core";

const CHAT_COMPLETIONS = /\/chat\/completions\/?$/;

/** Chat request fields that keep their name and meaning in a Responses request. */
const SAME = [
  "model",
  "temperature",
  "top_p",
  "parallel_tool_calls",
  "store",
  "metadata",
  "service_tier",
  "user",
  "prompt_cache_key",
  "safety_identifier",
] as const;

/**
 * An OpenAI chat-completions request body → a streaming Responses request
 * (https://platform.openai.com/docs/api-reference/responses/create), at `…/responses` when the
 * client called `…/chat/completions` and no endpoint is configured.
 *
 * - `messages` → `input`: system, developer and user messages keep their role (text parts
 *   become `input_text`, `image_url` parts `input_image`); an assistant message's text stays a
 *   message and each of its `tool_calls` becomes a `function_call` item; a `tool` message becomes
 *   a `function_call_output` with its `tool_call_id` as `call_id`.
 * - `tools` (`{type: "function", function}`) → flat function tools; `tool_choice` likewise.
 * - `max_completion_tokens` / `max_tokens` → `max_output_tokens`; `reasoning_effort` →
 *   `reasoning.effort`; `response_format` → `text.format`.
 * - Sent as is: `model`, `temperature`, `top_p`, `parallel_tool_calls`, `store`, `metadata`,
 *   `service_tier`, `user`, `prompt_cache_key`, `safety_identifier`.
 * - Dropped (no Responses equivalent): `n`, `stop`, `seed`, `logit_bias`, `logprobs`,
 *   `top_logprobs`, `frequency_penalty`, `presence_penalty`, `stream_options`, `audio`,
 *   `modalities`, `prediction`, `functions`/`function_call` (the legacy forms), and anything else.
 *
 * @example
 * ```ts
 * mapResponsesRequest({ model: "gpt-5", messages: [{ role: "user", content: "Hi" }], max_tokens: 9 }, "https://api.openai.com/v1/chat/completions", false);
 * // { url: "https://api.openai.com/v1/responses",
 * //   body: { model: "gpt-5", input: [{ role: "user", content: "Hi" }], max_output_tokens: 9, stream: true } }
 * ```
 */
export function mapResponsesRequest(
  request: JsonObject,
  url: string,
  configured: boolean,
): UpstreamRequest {
  const body: JsonObject = {};
  for (const key of SAME) if (request[key] !== undefined) body[key] = request[key]!;
  body.input = Array.isArray(request.messages) ? request.messages.flatMap(toInputItems) : [];
  if (Array.isArray(request.tools)) body.tools = request.tools.map(toTool);
  const choice = request.tool_choice;
  if (choice !== undefined) {
    body.tool_choice =
      isJsonObject(choice) && isJsonObject(choice.function)
        ? { type: "function", name: choice.function.name ?? null }
        : choice;
  }
  const max = request.max_completion_tokens ?? request.max_tokens;
  if (max !== undefined) body.max_output_tokens = max;
  if (request.reasoning_effort !== undefined) {
    body.reasoning = { effort: request.reasoning_effort };
  }
  const format = request.response_format;
  if (isJsonObject(format)) {
    body.text = {
      format:
        format.type === "json_schema" && isJsonObject(format.json_schema)
          ? { type: "json_schema", ...format.json_schema }
          : format,
    };
  }
  body.stream = true;
  return { url: configured ? url : url.replace(CHAT_COMPLETIONS, "/responses"), body };
}

function toInputItems(message: JsonValue): JsonValue[] {
  if (!isJsonObject(message)) return [message];
  const { role, content } = message;
  if (role === "tool") {
    return [
      {
        type: "function_call_output",
        call_id: message.tool_call_id ?? null,
        output: typeof content === "string" ? content : JSON.stringify(content ?? ""),
      },
    ];
  }
  const items: JsonValue[] = [];
  if (content !== undefined && content !== null && content !== "") {
    items.push({ role: role ?? "user", content: toContent(content, role === "assistant") });
  }
  if (role === "assistant" && Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      if (!isJsonObject(call) || !isJsonObject(call.function)) continue;
      items.push({
        type: "function_call",
        call_id: call.id ?? null,
        name: call.function.name ?? null,
        arguments: call.function.arguments ?? "",
      });
    }
  }
  return items;
}

function toContent(content: JsonValue, assistant: boolean): JsonValue {
  if (!Array.isArray(content)) return content;
  return content.map((part) => {
    if (!isJsonObject(part)) return part;
    if (part.type === "text") {
      return { type: assistant ? "output_text" : "input_text", text: part.text ?? "" };
    }
    if (part.type === "image_url" && isJsonObject(part.image_url)) {
      return {
        type: "input_image",
        image_url: part.image_url.url ?? null,
        detail: part.image_url.detail ?? "auto",
      };
    }
    return part;
  });
}

function toTool(tool: JsonValue): JsonValue {
  if (!isJsonObject(tool) || tool.type !== "function" || !isJsonObject(tool.function)) return tool;
  return { type: "function", ...tool.function };
}
