import type { AccumulatedMessage, JsonObject } from "@sse-dialects/core";

/**
 * A collected Elumenta stream as one JSON object. Elumenta documents no non-streaming body, so
 * this gathers the fields its stream's events name, under the same names: `id` and `model`
 * (`generation_start`), `content` (the `content_delta`s joined), `tokens_used` and
 * `balance_remaining` (`generation_end`), and `error` (an `error` event's message).
 *
 * @example
 * ```ts
 * toGeneration(message); // { id: "gen_1", model: "gpt-5", content: "Hi", tokens_used: 3, balance_remaining: 97 }
 * ```
 */
export function toGeneration(message: AccumulatedMessage): JsonObject {
  const out: JsonObject = {};
  if (message.id !== undefined) out.id = message.id;
  if (message.model !== undefined) out.model = message.model;
  out.content = message.choices.find((choice) => choice.index === 0)?.text ?? "";
  const billing = message.usage?.billing;
  if (billing !== undefined) Object.assign(out, billing);
  const error = message.errors[0];
  if (error !== undefined) out.error = error.message;
  return out;
}
