import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  setOwn,
  type UsageEvent,
} from "@sse-dialects/core";

/** A usage event without its `type`: what the accumulator and the encoder keep. */
export type Usage = Omit<UsageEvent, "type">;

function isCount(value: JsonValue): value is number {
  return typeof value === "number" && value >= 0 && Number.isFinite(value);
}

/**
 * Reads a `*_tokens_details` object: each count `take` maps (it returns true) is consumed; the
 * rest, `null`s left out, is returned to be kept in `extra`, or undefined if nothing is left.
 */
function readDetails(
  details: JsonObject,
  take: (key: string, count: number) => boolean,
): JsonObject | undefined {
  let rest: JsonObject | undefined;
  for (const key in details) {
    const value = details[key]!;
    if (isCount(value) && take(key, value)) continue;
    if (value === null) continue;
    rest ??= {};
    setOwn(rest, key, value);
  }
  return rest;
}

/**
 * Reads an OpenAI `usage` object into a usage event. The counts the model names are mapped
 * (`prompt_tokens_details.cached_tokens` → `cachedTokens`, `cache_write_tokens` →
 * `cacheWriteTokens`, `completion_tokens_details.reasoning_tokens` → `reasoningTokens`, a
 * `billing` object → `billing`); every other field stays in `extra` in OpenAI's own shape, so
 * {@link toOpenAIUsage} writes it back. `null` counts as absent, as OpenAI's own `usage: null`.
 *
 * @example
 * ```ts
 * mapUsage({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12,
 *   prompt_tokens_details: { cached_tokens: 4, audio_tokens: 0 } });
 * // { type: "usage", promptTokens: 9, completionTokens: 3, totalTokens: 12, cachedTokens: 4,
 * //   extra: { prompt_tokens_details: { audio_tokens: 0 } } }
 * ```
 */
export function mapUsage(usage: JsonObject): UsageEvent {
  const event: UsageEvent = { type: "usage" };
  let extra: JsonObject | undefined;
  for (const key in usage) {
    const value = usage[key]!;
    if (value === null) continue;
    switch (key) {
      case "prompt_tokens":
        if (isCount(value)) {
          event.promptTokens = value;
          continue;
        }
        break;
      case "completion_tokens":
        if (isCount(value)) {
          event.completionTokens = value;
          continue;
        }
        break;
      case "total_tokens":
        if (isCount(value)) {
          event.totalTokens = value;
          continue;
        }
        break;
      case "prompt_tokens_details":
        if (isJsonObject(value)) {
          const rest = readDetails(value, (k, v) => {
            if (k === "cached_tokens") event.cachedTokens = v;
            else if (k === "cache_write_tokens") event.cacheWriteTokens = v;
            else return false;
            return true;
          });
          if (rest !== undefined) {
            extra ??= {};
            setOwn(extra, key, rest);
          }
          continue;
        }
        break;
      case "completion_tokens_details":
        if (isJsonObject(value)) {
          const rest = readDetails(value, (k, v) => {
            if (k !== "reasoning_tokens") return false;
            event.reasoningTokens = v;
            return true;
          });
          if (rest !== undefined) {
            extra ??= {};
            setOwn(extra, key, rest);
          }
          continue;
        }
        break;
      case "billing":
        if (isJsonObject(value)) {
          event.billing = value;
          continue;
        }
        break;
    }
    extra ??= {};
    setOwn(extra, key, value);
  }
  if (extra !== undefined) {
    event.extra = extra;
    event.dialect = "openai";
  }
  return event;
}

/**
 * Writes a usage event as an OpenAI `usage` object: the inverse of {@link mapUsage}.
 *
 * @example
 * ```ts
 * toOpenAIUsage({ promptTokens: 9, completionTokens: 3, totalTokens: 12, reasoningTokens: 2 });
 * // { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12,
 * //   completion_tokens_details: { reasoning_tokens: 2 } }
 * ```
 */
export function toOpenAIUsage(usage: Usage): JsonObject {
  const out: JsonObject = {};
  // The API reference requires all three counts: a missing one is 0, a missing total the sum.
  const prompt = usage.promptTokens ?? 0;
  const completion = usage.completionTokens ?? 0;
  out.prompt_tokens = prompt;
  out.completion_tokens = completion;
  out.total_tokens = usage.totalTokens ?? prompt + completion;
  if (usage.extra !== undefined) {
    for (const key of Object.keys(usage.extra))
      if (!Object.hasOwn(out, key)) setOwn(out, key, usage.extra[key]!);
  }
  if (usage.cachedTokens !== undefined || usage.cacheWriteTokens !== undefined) {
    const details = objectOrEmpty(out.prompt_tokens_details);
    if (usage.cachedTokens !== undefined) details.cached_tokens = usage.cachedTokens;
    if (usage.cacheWriteTokens !== undefined) details.cache_write_tokens = usage.cacheWriteTokens;
    out.prompt_tokens_details = details;
  }
  if (usage.reasoningTokens !== undefined) {
    const details = objectOrEmpty(out.completion_tokens_details);
    details.reasoning_tokens = usage.reasoningTokens;
    out.completion_tokens_details = details;
  }
  return out;
}

function objectOrEmpty(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? { ...value } : {};
}

/** Whether a usage report has any of the three token counts. */
export function hasTokenCounts(usage: Usage): boolean {
  return (
    usage.promptTokens !== undefined ||
    usage.completionTokens !== undefined ||
    usage.totalTokens !== undefined
  );
}

/**
 * Merges usage reports field by field, the later winning (as core's accumulator does): Anthropic
 * reports prompt tokens first and completion tokens last, and an OpenAI client keeps only the
 * last usage it sees, so the encoder writes the merged total each time.
 */
export function mergeUsage(a: Usage | undefined, b: Usage): Usage {
  if (a === undefined) return b;
  const merged: Usage = { ...a, ...b };
  if (a.billing !== undefined && b.billing !== undefined)
    merged.billing = { ...a.billing, ...b.billing };
  if (a.extra !== undefined && b.extra !== undefined) merged.extra = { ...a.extra, ...b.extra };
  return merged;
}
