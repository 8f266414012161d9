import { type JsonObject, setOwn, type UsageEvent } from "@sse-dialects/core";
import { GEMINI } from "./gemini-wire.js";

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
  let prompt: number | undefined;
  let candidates: number | undefined;
  let total: number | undefined;
  let cached: number | undefined;
  let thoughts: number | undefined;
  let extra: JsonObject | undefined;
  // One pass over the fields (it runs for every chunk): a named field that is not a count was
  // not used, and is kept as it came with the fields the model does not name.
  for (const key in usage) {
    const value = usage[key]!;
    const n = count(value);
    if (n !== undefined) {
      switch (key) {
        case "promptTokenCount":
          prompt = n;
          continue;
        case "candidatesTokenCount":
          candidates = n;
          continue;
        case "totalTokenCount":
          total = n;
          continue;
        case "cachedContentTokenCount":
          cached = n;
          continue;
        case "thoughtsTokenCount":
          thoughts = n;
          continue;
      }
    }
    extra ??= {};
    setOwn(extra, key, value);
  }
  const event: UsageEvent = { type: "usage" };
  if (prompt !== undefined) event.promptTokens = prompt;
  if (candidates !== undefined || thoughts !== undefined)
    event.completionTokens = (candidates ?? 0) + (thoughts ?? 0);
  if (total !== undefined) event.totalTokens = total;
  if (cached !== undefined) event.cachedTokens = cached;
  if (thoughts !== undefined) event.reasoningTokens = thoughts;
  if (extra !== undefined) {
    event.extra = extra;
    event.dialect = GEMINI;
  }
  return event;
}
