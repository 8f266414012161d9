import {
  assignOwn,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  setOwn,
  type UsageEvent,
} from "@sse-dialects/core";

/** A usage event without its `type`: what the encoder keeps and merges. */
export type Usage = Omit<UsageEvent, "type">;

function isCount(value: JsonValue | undefined): value is number {
  return typeof value === "number" && value >= 0 && Number.isFinite(value);
}

/**
 * Reads Anthropic `usage` objects (`Usage` of `message_start`, `MessageDeltaUsage` of
 * `message_delta`) into usage events, for one stream.
 *
 * Anthropic's counts are cumulative and each report repeats or omits them ("the remaining usage
 * counters are cumulative whole-message totals that are omitted when they don't apply", as the
 * SDK's `MessageStream` puts it): the last value wins and nothing is summed. So a report emits
 * only the counts that changed, and the accumulated usage is the same whichever report a value
 * came from.
 *
 * `input_tokens` counts only the tokens after the last cache breakpoint: it excludes
 * `cache_read_input_tokens` and `cache_creation_input_tokens`
 * (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance).
 * The model's `promptTokens` is every prompt token, as OpenAI's `prompt_tokens` (which includes
 * cached tokens), so it is the sum of the three; `cachedTokens` and `cacheWriteTokens` are the two
 * cache counts, and `output_tokens_details.thinking_tokens` is `reasoningTokens`. Every other
 * field (`cache_creation` with its 5m/1h split, `server_tool_use`, `service_tier`,
 * `inference_geo`, …) is kept in `extra`, in Anthropic's shape.
 */
export class UsageReader {
  #input: number | undefined;
  #cacheRead: number | undefined;
  #cacheWrite: number | undefined;
  #output: number | undefined;
  #thinking: number | undefined;
  /** The last value of each other field, as JSON text. */
  readonly #extra = new Map<string, string>();

  read(usage: JsonObject): UsageEvent | undefined {
    const event: UsageEvent = { type: "usage" };
    let prompt = false;
    let extra: JsonObject | undefined;
    const keep = (key: string, value: JsonValue) => {
      const text = JSON.stringify(value);
      if (this.#extra.get(key) === text) return;
      this.#extra.set(key, text);
      extra ??= {};
      setOwn(extra, key, value);
    };
    for (const key of Object.keys(usage)) {
      const value = usage[key]!;
      // `null`: the count does not apply to this report (MessageDeltaUsage).
      if (value === null) continue;
      switch (key) {
        case "input_tokens":
          if (isCount(value)) {
            if (value !== this.#input) prompt = true;
            this.#input = value;
            continue;
          }
          break;
        case "cache_read_input_tokens":
          if (isCount(value)) {
            if (value !== this.#cacheRead) {
              prompt = true;
              event.cachedTokens = value;
            }
            this.#cacheRead = value;
            continue;
          }
          break;
        case "cache_creation_input_tokens":
          if (isCount(value)) {
            if (value !== this.#cacheWrite) {
              prompt = true;
              event.cacheWriteTokens = value;
            }
            this.#cacheWrite = value;
            continue;
          }
          break;
        case "output_tokens":
          if (isCount(value)) {
            if (value !== this.#output) event.completionTokens = value;
            this.#output = value;
            continue;
          }
          break;
        case "output_tokens_details":
          if (isJsonObject(value) && isCount(value.thinking_tokens)) {
            const thinking = value.thinking_tokens;
            if (thinking !== this.#thinking) event.reasoningTokens = thinking;
            this.#thinking = thinking;
            const { thinking_tokens: _, ...rest } = value;
            if (Object.keys(rest).length > 0) keep(key, rest);
            continue;
          }
          break;
      }
      keep(key, value);
    }
    // In the model's order, for events files a person reads.
    const out: UsageEvent = { type: "usage" };
    if (prompt && this.#input !== undefined) {
      out.promptTokens = this.#input + (this.#cacheRead ?? 0) + (this.#cacheWrite ?? 0);
    }
    if (event.completionTokens !== undefined) out.completionTokens = event.completionTokens;
    if (event.cachedTokens !== undefined) out.cachedTokens = event.cachedTokens;
    if (event.cacheWriteTokens !== undefined) out.cacheWriteTokens = event.cacheWriteTokens;
    if (event.reasoningTokens !== undefined) out.reasoningTokens = event.reasoningTokens;
    if (extra !== undefined) {
      out.extra = extra;
      out.dialect = "anthropic";
    }
    return Object.keys(out).length > 1 ? out : undefined;
  }
}

/**
 * Two usage events as one: `b`'s counts over `a`'s, their extra fields merged (both are
 * Anthropic's). In the model's field order.
 */
export function mergeUsageEvents(
  a: UsageEvent | undefined,
  b: UsageEvent | undefined,
): UsageEvent | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const out: UsageEvent = { type: "usage" };
  const promptTokens = b.promptTokens ?? a.promptTokens;
  const completionTokens = b.completionTokens ?? a.completionTokens;
  const cachedTokens = b.cachedTokens ?? a.cachedTokens;
  const cacheWriteTokens = b.cacheWriteTokens ?? a.cacheWriteTokens;
  const reasoningTokens = b.reasoningTokens ?? a.reasoningTokens;
  if (promptTokens !== undefined) out.promptTokens = promptTokens;
  if (completionTokens !== undefined) out.completionTokens = completionTokens;
  if (cachedTokens !== undefined) out.cachedTokens = cachedTokens;
  if (cacheWriteTokens !== undefined) out.cacheWriteTokens = cacheWriteTokens;
  if (reasoningTokens !== undefined) out.reasoningTokens = reasoningTokens;
  if (a.extra !== undefined || b.extra !== undefined) {
    out.extra = { ...a.extra, ...b.extra };
    out.dialect = "anthropic";
  }
  return out;
}

/**
 * Writes merged usage as an Anthropic `usage` object: the inverse of {@link UsageReader}.
 * `input_tokens` is the prompt less its cache reads and writes (never below 0); the two counts
 * every `Usage` requires are 0 when unknown; the cache counts are written when known. Anthropic's
 * own `extra` fields are written back; `totalTokens` and `billing` have no field (the encoder
 * reports them).
 *
 * @example
 * ```ts
 * toAnthropicUsage({ promptTokens: 20, completionTokens: 5, cachedTokens: 12 });
 * // { input_tokens: 8, output_tokens: 5, cache_read_input_tokens: 12 }
 * ```
 */
export function toAnthropicUsage(usage: Usage | undefined): JsonObject {
  const out: JsonObject = {};
  const cached = usage?.cachedTokens;
  const written = usage?.cacheWriteTokens;
  out.input_tokens = Math.max(0, (usage?.promptTokens ?? 0) - (cached ?? 0) - (written ?? 0));
  if (written !== undefined) out.cache_creation_input_tokens = written;
  if (cached !== undefined) out.cache_read_input_tokens = cached;
  out.output_tokens = usage?.completionTokens ?? 0;
  if (usage?.extra !== undefined && usage.dialect === "anthropic") {
    for (const key of Object.keys(usage.extra)) {
      if (!Object.hasOwn(out, key)) setOwn(out, key, usage.extra[key]!);
    }
  }
  if (usage?.reasoningTokens !== undefined) {
    const details = out.output_tokens_details;
    out.output_tokens_details = {
      ...(isJsonObject(details) ? details : {}),
      thinking_tokens: usage.reasoningTokens,
    };
  }
  return out;
}

/** Merges usage reports field by field, the later winning, as core's accumulator does. */
export function mergeUsage(a: Usage | undefined, b: Usage): Usage {
  if (a === undefined) return b;
  const merged: Usage = { ...a, ...b };
  if (a.billing !== undefined && b.billing !== undefined)
    merged.billing = assignOwn(assignOwn({}, a.billing), b.billing);
  if (a.extra !== undefined && b.extra !== undefined)
    merged.extra = assignOwn(assignOwn({}, a.extra), b.extra);
  return merged;
}
