import {
  type AccumulatedChoice,
  type AccumulatedMessage,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  randomHex,
  setOwn,
  toolCallIdOf,
} from "@sse-dialects/core";
import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionMessage,
  ChatCompletionUsage,
} from "./chat-completion-types.js";
import { toOpenAIError } from "./map-error.js";
import { toChatFinishReason } from "./map-finish-reason.js";
import { hasTokenCounts, toOpenAIUsage } from "./map-usage.js";

/**
 * The OpenAI `chat.completion` object a stream adds up to: what the same request would have
 * returned without `stream: true`. Each choice's message has `content` (null when there was no
 * text), `refusal`, `tool_calls`, and `reasoning_content` when there was reasoning; usage is in
 * OpenAI's shape with its three counts (none when the stream reported no counts). A choice the
 * stream did not finish, in a stream that did not end well (an error, a cut-off), has
 * `finish_reason: "error"`, as OpenRouter writes it. Top-level `receipt_id`, `billing` and
 * `error` (the last error, as the encoder writes it) appear when the stream carried them, and an
 * OpenAI stream's response-scoped extra fields (Azure's `prompt_filter_results`, groq's
 * `x_groq`) are kept at the top level; another dialect's are not written here.
 *
 * @example
 * ```ts
 * import { accumulate, decodeAll } from "@sse-dialects/core";
 * import { openai, toChatCompletion } from "@sse-dialects/openai";
 *
 * const completion = toChatCompletion(accumulate(decodeAll(body, openai)));
 * console.log(completion.choices[0]?.message.content);
 * ```
 */
export function toChatCompletion(message: AccumulatedMessage): ChatCompletion {
  const failed = message.end !== undefined && message.end !== "done" && message.end !== "aborted";
  const out: ChatCompletion = {
    id: message.id ?? "",
    object: "chat.completion",
    created: message.created ?? Math.floor(Date.now() / 1000),
    model: message.model ?? "",
    choices: [],
  };
  // Extra fields go first, so that what the model names wins over a field of the same name.
  const own = Object.hasOwn(message.extra, "openai") ? message.extra.openai : undefined;
  if (own !== undefined) {
    const named = new Set(Object.keys(out));
    for (const key of Object.keys(own))
      if (!named.has(key)) setOwn(out as unknown as JsonObject, key, own[key]!);
  }
  if (out.id === "") out.id = `chatcmpl-${randomHex(32)}`;
  if (message.systemFingerprint !== undefined) out.system_fingerprint = message.systemFingerprint;
  if (message.serviceTier !== undefined) out.service_tier = message.serviceTier;
  out.choices = message.choices.map((choice) => toChoice(choice, failed));
  if (message.usage !== undefined) {
    const { billing, dialect, extra, ...counts } = message.usage;
    const tokens = dialect === "openai" && extra !== undefined ? { ...counts, extra } : counts;
    if (hasTokenCounts(tokens)) out.usage = toOpenAIUsage(tokens) as ChatCompletionUsage;
    if (billing !== undefined) out.billing = billing;
  }
  if (message.receiptId !== undefined) out.receipt_id = message.receiptId;
  const error = message.errors[message.errors.length - 1];
  if (error !== undefined) out.error = toOpenAIError(error);
  return out;
}

function toChoice(choice: AccumulatedChoice, failed: boolean): ChatCompletionChoice {
  const message: ChatCompletionMessage = {
    role: choice.role ?? "assistant",
    content: choice.text === "" ? null : choice.text,
    refusal: choice.refusal === "" ? null : choice.refusal,
  };
  if (choice.reasoning !== "") message.reasoning_content = choice.reasoning;
  if (choice.toolCalls.length > 0) {
    message.tool_calls = choice.toolCalls.map((call) => ({
      id: toolCallIdOf({ choice: choice.index, index: call.index, id: call.id }),
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    index: choice.index,
    message,
    logprobs: joinLogprobs(choice.logprobs),
    finish_reason:
      choice.finish !== undefined ? toChatFinishReason(choice.finish) : failed ? "error" : null,
  };
}

/** Chunks carry the log probabilities of their own tokens; the completion has them all. */
function joinLogprobs(chunks: JsonValue[]): JsonValue {
  if (chunks.length === 0) return null;
  const content: JsonValue[] = [];
  const refusal: JsonValue[] = [];
  let hasContent = false;
  let hasRefusal = false;
  for (const chunk of chunks) {
    if (!isJsonObject(chunk)) continue;
    if (Array.isArray(chunk.content)) {
      hasContent = true;
      content.push(...chunk.content);
    }
    if (Array.isArray(chunk.refusal)) {
      hasRefusal = true;
      refusal.push(...chunk.refusal);
    }
  }
  return { content: hasContent ? content : null, refusal: hasRefusal ? refusal : null };
}
