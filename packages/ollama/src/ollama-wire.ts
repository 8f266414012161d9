import type { FinishReason } from "@sse-dialects/core";

/*
 * Facts of Ollama's streaming API (https://github.com/ollama/ollama/blob/main/docs/api.md):
 * `/api/chat` and `/api/generate` answer with NDJSON, one object per line, the last one
 * `done: true` with `done_reason` and the counts; the `ollama` npm client's `ChatResponse` and
 * `GenerateResponse` types name the same fields.
 */

/** The dialect name, and the provenance tag of the data only Ollama's wire carries. */
export const OLLAMA = "ollama";

/** The durations of the done line, in nanoseconds: kept as usage `extra`. */
export const DURATIONS = [
  "total_duration",
  "load_duration",
  "prompt_eval_duration",
  "eval_duration",
] as const;

/**
 * `done_reason` as a unified reason: `stop` (or none) ends a turn that may have called tools,
 * so it is `tool_calls` when calls were streamed; `length` is the token limit; `load` and
 * `unload` (a model loaded or unloaded with an empty prompt) and anything else are `other`.
 */
export function mapOllamaDoneReason(raw: string, hadCalls: boolean): FinishReason {
  if (raw === "stop") return hadCalls ? "tool_calls" : "stop";
  if (raw === "length") return "length";
  return "other";
}

/** Ollama's `done_reason` for a unified reason from another wire. */
export const OLLAMA_DONE_REASON: Record<FinishReason, string> = {
  stop: "stop",
  tool_calls: "stop",
  length: "length",
  content_filter: "stop",
  other: "stop",
  error: "stop",
};

/** Our own error codes that an `error` line may carry beside its message, to decode back the same. */
export const OWN_ERROR_CODES: ReadonlySet<string> = new Set([
  "invalid-utf8",
  "invalid-json",
  "invalid-event",
  "event-too-large",
  "cut-off",
  "aborted",
  "timeout",
  "unknown-dialect",
  "http-error",
  "network-error",
]);
