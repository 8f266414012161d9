import { assignOwn, type JsonObject, type UsageEvent } from "@sse-dialects/core";
import { GEMINI } from "./gemini-wire.js";

/**
 * The cumulative `usageMetadata` after a `usage` event: the last value of each field wins, as
 * Gemini repeats its whole usage on every chunk. The inverse of `decodeGeminiUsage`:
 * `candidatesTokenCount` is the completion tokens without the thoughts. Another dialect's usage
 * fields and billing have no place here (the encoder reports them).
 *
 * @example
 * ```ts
 * encodeGeminiUsage(undefined, { type: "usage", promptTokens: 9, completionTokens: 266, reasoningTokens: 256, totalTokens: 275 });
 * // { promptTokenCount: 9, candidatesTokenCount: 10, totalTokenCount: 275, thoughtsTokenCount: 256 }
 * ```
 */
export function encodeGeminiUsage(previous: JsonObject | undefined, usage: UsageEvent): JsonObject {
  const next: JsonObject = previous === undefined ? {} : assignOwn({}, previous);
  if (usage.extra !== undefined && usage.dialect === GEMINI) assignOwn(next, usage.extra);
  if (usage.promptTokens !== undefined) next.promptTokenCount = usage.promptTokens;
  const thoughts =
    usage.reasoningTokens ??
    (typeof next.thoughtsTokenCount === "number" ? next.thoughtsTokenCount : 0);
  if (usage.completionTokens !== undefined)
    next.candidatesTokenCount = Math.max(0, usage.completionTokens - thoughts);
  if (usage.totalTokens !== undefined) next.totalTokenCount = usage.totalTokens;
  if (usage.cachedTokens !== undefined) next.cachedContentTokenCount = usage.cachedTokens;
  if (usage.reasoningTokens !== undefined) next.thoughtsTokenCount = usage.reasoningTokens;
  return next;
}
