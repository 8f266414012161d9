import {
  assignOwn,
  isJsonObject,
  type JsonObject,
  setOwn,
  type UsageEvent,
} from "@sse-dialects/core";
import { RESPONSES } from "./responses-wire.js";

/**
 * `response.usage` (https://platform.openai.com/docs/api-reference/responses/object#usage):
 * `input_tokens` (cached ones included), `input_tokens_details.cached_tokens`, `output_tokens`
 * (reasoning ones included), `output_tokens_details.reasoning_tokens`, `total_tokens`. The same
 * semantics as the model's prompt/completion counts, so the numbers pass through unchanged.
 */
const COUNTS = [
  ["input_tokens", "promptTokens"],
  ["output_tokens", "completionTokens"],
  ["total_tokens", "totalTokens"],
] as const;
const DETAILS = [
  ["input_tokens_details", "cached_tokens", "cachedTokens"],
  ["output_tokens_details", "reasoning_tokens", "reasoningTokens"],
] as const;

/** A wire `usage` object → a `usage` event; fields the model does not name go to `extra`. */
export function decodeUsage(usage: JsonObject): UsageEvent {
  const event: UsageEvent = { type: "usage" };
  let extra: JsonObject | undefined;
  const keep = (key: string, value: JsonObject[string]) => {
    extra ??= {};
    setOwn(extra, key, value);
  };
  for (const key of Object.keys(usage)) {
    const value = usage[key]!;
    const count = COUNTS.find(([wire]) => wire === key);
    if (count !== undefined && typeof value === "number" && value >= 0) {
      event[count[1]] = value;
      continue;
    }
    const detail = DETAILS.find(([wire]) => wire === key);
    if (detail !== undefined && isJsonObject(value)) {
      let rest: JsonObject | undefined;
      for (const field of Object.keys(value)) {
        const n = value[field]!;
        if (field === detail[1] && typeof n === "number" && n >= 0) event[detail[2]] = n;
        else {
          rest ??= {};
          setOwn(rest, field, n);
        }
      }
      if (rest !== undefined) keep(key, rest);
      continue;
    }
    keep(key, value);
  }
  if (extra !== undefined) {
    event.extra = extra;
    event.dialect = RESPONSES;
  }
  return event;
}

/**
 * The wire `usage` for the usage a stream reported, or `null` when it reported no token count
 * (the field is nullable). Every field the reference requires is written, a missing count as 0
 * and a missing total as input + output; this dialect's own extra usage fields are merged back.
 */
export function encodeUsage(usage: Omit<UsageEvent, "type"> | undefined): JsonObject | null {
  if (
    usage === undefined ||
    (usage.promptTokens === undefined &&
      usage.completionTokens === undefined &&
      usage.totalTokens === undefined)
  ) {
    return null;
  }
  const input = usage.promptTokens ?? 0;
  const output = usage.completionTokens ?? 0;
  const wire: JsonObject = {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.totalTokens ?? input + output,
  };
  if (usage.extra !== undefined && usage.dialect === RESPONSES) {
    for (const key of Object.keys(usage.extra)) {
      const value = usage.extra[key]!;
      const into = wire[key];
      if (isJsonObject(into) && isJsonObject(value)) assignOwn(into, value);
      else setOwn(wire, key, value);
    }
  }
  return wire;
}
