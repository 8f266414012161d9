import { extraFields, type JsonObject, type UsageEvent } from "@sse-dialects/core";
import { GEMINI, USAGE_FIELDS } from "./gemini-wire.js";

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Gemini's `usageMetadata` (https://ai.google.dev/api/generate-content#UsageMetadata) as a
 * `usage` event. It is cumulative, repeated on every chunk: each event is the whole usage so far
 * and replaces the last. `promptTokenCount` already includes `cachedContentTokenCount` (as
 * OpenAI's `prompt_tokens` includes `cached_tokens`); `thoughtsTokenCount` is outside
 * `candidatesTokenCount`, so completion tokens are their sum (OpenAI's `completion_tokens`
 * includes `reasoning_tokens`). The other fields (`promptTokensDetails`,
 * `toolUsePromptTokenCount`, Vertex's `trafficType`, …) are kept in `extra`.
 *
 * @example
 * ```ts
 * decodeGeminiUsage({ promptTokenCount: 9, candidatesTokenCount: 10, thoughtsTokenCount: 256, totalTokenCount: 275 });
 * // { type: "usage", promptTokens: 9, completionTokens: 266, totalTokens: 275, reasoningTokens: 256 }
 * ```
 */
export function decodeGeminiUsage(usage: JsonObject): UsageEvent {
  const event: UsageEvent = { type: "usage" };
  const prompt = count(usage.promptTokenCount);
  const candidates = count(usage.candidatesTokenCount);
  const thoughts = count(usage.thoughtsTokenCount);
  const total = count(usage.totalTokenCount);
  const cached = count(usage.cachedContentTokenCount);
  if (prompt !== undefined) event.promptTokens = prompt;
  if (candidates !== undefined || thoughts !== undefined)
    event.completionTokens = (candidates ?? 0) + (thoughts ?? 0);
  if (total !== undefined) event.totalTokens = total;
  if (cached !== undefined) event.cachedTokens = cached;
  if (thoughts !== undefined) event.reasoningTokens = thoughts;
  let extra = extraFields(usage, USAGE_FIELDS);
  // A named field that is not a count was not used: kept as it came.
  for (const key of USAGE_FIELDS) {
    const value = usage[key];
    if (value !== undefined && count(value) === undefined) {
      extra ??= {};
      extra[key] = value;
    }
  }
  if (extra !== undefined) {
    event.extra = extra;
    event.dialect = GEMINI;
  }
  return event;
}
