import type { ErrorCode, FinishReason } from "@sse-dialects/core";

/**
 * The Anthropic Messages streaming vocabulary
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming, and the `RawMessageStreamEvent`
 * union of `@anthropic-ai/sdk`): every event is `event: <type>` then `data: <json>` whose own
 * `type` repeats the name. The decoder and the encoder read their names from here.
 */
export const EVENT = {
  messageStart: "message_start",
  blockStart: "content_block_start",
  blockDelta: "content_block_delta",
  blockStop: "content_block_stop",
  messageDelta: "message_delta",
  messageStop: "message_stop",
  ping: "ping",
  error: "error",
} as const;

/** The content-block types the model names; any other block (server tools, …) is kept whole. */
export const BLOCK = {
  text: "text",
  thinking: "thinking",
  redactedThinking: "redacted_thinking",
  toolUse: "tool_use",
} as const;

/** The delta types of `content_block_delta` the model names (`citations_delta` is kept whole). */
export const DELTA = {
  text: "text_delta",
  thinking: "thinking_delta",
  signature: "signature_delta",
  inputJson: "input_json_delta",
} as const;

/**
 * `stop_reason` values (`StopReason` in `@anthropic-ai/sdk`) and the unified reason of each.
 * `pause_turn` (a long server-tool turn paused, to be continued by the client) has no unified
 * name; `model_context_window_exceeded` ends the output for lack of room, as `max_tokens` does.
 */
export const STOP_REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
  pause_turn: "other",
};

/**
 * Maps a `stop_reason` to the unified reason; an unknown value is `other`, the raw value kept
 * beside it on the event.
 *
 * @example
 * ```ts
 * mapStopReason("tool_use"); // "tool_calls"
 * mapStopReason("something_new"); // "other"
 * ```
 */
export function mapStopReason(raw: string): FinishReason {
  return Object.hasOwn(STOP_REASONS, raw) ? STOP_REASONS[raw]! : "other";
}

/**
 * The error `type`s of Anthropic's error object (`ErrorType` in `@anthropic-ai/sdk`,
 * https://docs.anthropic.com/en/api/errors). Errors sse-dialects reports itself are written with
 * the closest of them, and our `code` beside it.
 */
export const OWN_ERROR_TYPE: Readonly<Partial<Record<ErrorCode, string>>> = {
  timeout: "timeout_error",
  "http-error": "api_error",
};

/**
 * Our error codes after which nothing more can come: the decoder treats them, as Anthropic's own
 * `error` event, as the end of the stream. The other codes (a malformed event) leave the stream
 * going.
 */
export const FINAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "provider-error",
  "cut-off",
  "aborted",
  "timeout",
  "http-error",
  "network-error",
  "unknown-dialect",
]);
