import type { FinishEvent, FinishReason } from "@sse-dialects/core";
import type { ChatFinishReason } from "./chat-completion-types.js";

/**
 * OpenAI's `finish_reason` values and the unified reason each stands for. Only OpenAI's own
 * names are mapped (plus OpenRouter's `error`); anything else a compatible server invents is
 * `other`, with the raw value kept beside it on the event.
 */
const UNIFIED: Readonly<Record<string, FinishReason>> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  // The legacy single-function form; clients treat it as a tool call.
  function_call: "tool_calls",
  content_filter: "content_filter",
  // OpenRouter: the choice was ended by an error chunk.
  error: "error",
};

/**
 * Maps an OpenAI `finish_reason` to the unified reason.
 *
 * @example
 * ```ts
 * mapFinishReason("tool_calls"); // "tool_calls"
 * mapFinishReason("eos"); // "other"
 * ```
 */
export function mapFinishReason(raw: string): FinishReason {
  return Object.hasOwn(UNIFIED, raw) ? UNIFIED[raw]! : "other";
}

/**
 * The `finish_reason` to write for a finish event: its raw value when that already means the
 * same in OpenAI's terms (so an OpenAI stream re-encodes unchanged), else OpenAI's name for the
 * unified reason (Anthropic's `end_turn` becomes `stop`, which OpenAI clients understand).
 *
 * @example
 * ```ts
 * toOpenAIFinishReason({ type: "finish", choice: 0, reason: "stop", raw: "end_turn" }); // "stop"
 * ```
 */
export function toOpenAIFinishReason(finish: Pick<FinishEvent, "reason" | "raw">): string {
  if (mapFinishReason(finish.raw) === finish.reason) return finish.raw;
  // `other` has no OpenAI name: the raw value says more than any invented one.
  return finish.reason === "other" ? finish.raw : finish.reason;
}

/** The values OpenAI-compatible clients accept for `finish_reason` (OpenRouter's `error` included). */
const OPENAI_REASONS: ReadonlySet<string> = new Set([
  "stop",
  "length",
  "tool_calls",
  "content_filter",
  "function_call",
  "error",
]);

/** Whether `value` is a `finish_reason` OpenAI clients accept. */
export function isOpenAIFinishReason(value: string): value is ChatFinishReason {
  return OPENAI_REASONS.has(value);
}

/**
 * The `finish_reason` to write where clients accept only OpenAI's values: {@link
 * toOpenAIFinishReason}, or `stop` for a value without an OpenAI name (the caller reports it).
 */
export function toChatFinishReason(finish: Pick<FinishEvent, "reason" | "raw">): ChatFinishReason {
  const reason = toOpenAIFinishReason(finish);
  return isOpenAIFinishReason(reason) ? reason : "stop";
}
