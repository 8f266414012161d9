import {
  type AccumulatedChoice,
  type AccumulatedMessage,
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "@sse-dialects/core";
import { toOpenAIError } from "./map-error.js";
import { toOpenAIFinishReason } from "./map-finish-reason.js";
import { toOpenAIUsage } from "./map-usage.js";

/**
 * The OpenAI `chat.completion` object a stream adds up to: what the same request would have
 * returned without `stream: true`. Each choice's message has `content` (null when there was no
 * text), `refusal`, `tool_calls`, and `reasoning_content` when there was reasoning; usage is in
 * OpenAI's shape. Top-level `receipt_id`, `billing` and `error` (the last error, as the encoder
 * writes it) appear when the stream carried them, and response-scoped extra fields (Azure's
 * `prompt_filter_results`, groq's `x_groq`) are kept at the top level.
 *
 * @example
 * ```ts
 * import { accumulate, decodeAll } from "@sse-dialects/core";
 * import { openai, toChatCompletion } from "@sse-dialects/openai";
 *
 * const completion = toChatCompletion(accumulate(decodeAll(body, openai)));
 * console.log(completion.choices[0].message.content);
 * ```
 */
export function toChatCompletion(message: AccumulatedMessage): JsonObject {
  // Extra fields first, so that what the model names wins over a field of the same name.
  const out: JsonObject = { ...message.extra };
  out.id = message.id ?? "";
  out.object = "chat.completion";
  out.created = message.created ?? 0;
  out.model = message.model ?? "";
  if (message.systemFingerprint !== undefined) out.system_fingerprint = message.systemFingerprint;
  if (message.serviceTier !== undefined) out.service_tier = message.serviceTier;
  out.choices = message.choices.map(toChoice);
  if (message.usage !== undefined) {
    const { billing, ...usage } = message.usage;
    out.usage = toOpenAIUsage(usage);
    if (billing !== undefined) out.billing = billing;
  }
  if (message.receiptId !== undefined) out.receipt_id = message.receiptId;
  const error = message.errors[message.errors.length - 1];
  if (error !== undefined) out.error = toOpenAIError(error);
  return out;
}

function toChoice(choice: AccumulatedChoice): JsonObject {
  const message: JsonObject = {
    role: choice.role ?? "assistant",
    content: choice.text === "" ? null : choice.text,
    refusal: choice.refusal === "" ? null : choice.refusal,
  };
  if (choice.reasoning !== "") message.reasoning_content = choice.reasoning;
  if (choice.toolCalls.length > 0) {
    message.tool_calls = choice.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    index: choice.index,
    message,
    logprobs: joinLogprobs(choice.logprobs),
    finish_reason: choice.finish === undefined ? null : toOpenAIFinishReason(choice.finish),
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
