import type { ErrorCode, JsonValue } from "@sse-dialects/core";

/**
 * The names of the OpenAI Responses streaming wire, from the API reference's streaming events
 * (https://platform.openai.com/docs/api-reference/responses-streaming) and the `openai`
 * package's `ResponseStreamEvent` union. Each SSE event is `event: <type>` with a JSON `data`
 * carrying the same `type` and a `sequence_number`; there is no `[DONE]`.
 */
export const EVENTS = {
  created: "response.created",
  queued: "response.queued",
  inProgress: "response.in_progress",
  completed: "response.completed",
  incomplete: "response.incomplete",
  failed: "response.failed",
  itemAdded: "response.output_item.added",
  itemDone: "response.output_item.done",
  partAdded: "response.content_part.added",
  partDone: "response.content_part.done",
  textDelta: "response.output_text.delta",
  textDone: "response.output_text.done",
  annotation: "response.output_text.annotation.added",
  refusalDelta: "response.refusal.delta",
  refusalDone: "response.refusal.done",
  summaryPartAdded: "response.reasoning_summary_part.added",
  summaryPartDone: "response.reasoning_summary_part.done",
  summaryDelta: "response.reasoning_summary_text.delta",
  summaryDone: "response.reasoning_summary_text.done",
  reasoningDelta: "response.reasoning_text.delta",
  reasoningDone: "response.reasoning_text.done",
  argumentsDelta: "response.function_call_arguments.delta",
  argumentsDone: "response.function_call_arguments.done",
  error: "error",
} as const;

const ITEM_EVENT = ["output_index", "item"];
const PART_EVENT = ["item_id", "output_index", "content_index", "part"];
const SUMMARY_PART_EVENT = ["item_id", "output_index", "summary_index", "part"];
const IN_PART = ["item_id", "output_index", "content_index"];
const IN_SUMMARY = ["item_id", "output_index", "summary_index"];

/**
 * The top-level fields each event type names, besides `type` and `sequence_number` (from the
 * `openai` package's `ResponseStreamEvent` union). `obfuscation` is padding the API adds to even
 * out event sizes: it is named here so that it is dropped, as the chat dialect drops it. Any
 * other field an event carries is kept as this dialect's `{event_fields}` and written back on
 * the same event in a Responses → Responses round trip.
 */
export const NAMED_EVENT_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  [EVENTS.created]: fieldSet(["response"]),
  [EVENTS.inProgress]: fieldSet(["response"]),
  [EVENTS.completed]: fieldSet(["response"]),
  [EVENTS.incomplete]: fieldSet(["response"]),
  [EVENTS.failed]: fieldSet(["response"]),
  [EVENTS.itemAdded]: fieldSet(ITEM_EVENT),
  [EVENTS.itemDone]: fieldSet(ITEM_EVENT),
  [EVENTS.partAdded]: fieldSet(PART_EVENT),
  [EVENTS.partDone]: fieldSet(PART_EVENT),
  [EVENTS.textDone]: fieldSet([...IN_PART, "text", "logprobs"]),
  [EVENTS.annotation]: fieldSet([...IN_PART, "annotation_index", "annotation"]),
  [EVENTS.refusalDone]: fieldSet([...IN_PART, "refusal"]),
  [EVENTS.summaryPartAdded]: fieldSet(SUMMARY_PART_EVENT),
  [EVENTS.summaryPartDone]: fieldSet(SUMMARY_PART_EVENT),
  [EVENTS.summaryDone]: fieldSet([...IN_SUMMARY, "text"]),
  [EVENTS.reasoningDone]: fieldSet([...IN_PART, "text"]),
  [EVENTS.argumentsDone]: fieldSet(["item_id", "output_index", "arguments", "name"]),
};

function fieldSet(named: readonly string[]): ReadonlySet<string> {
  return new Set(["type", "sequence_number", "obfuscation", ...named]);
}

/** The fields of a `response` object the model names (or that the encoder derives). */
export const NAMED_RESPONSE_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "object",
  "created_at",
  "model",
  "service_tier",
  "status",
  "output",
  "usage",
  "error",
  "incomplete_details",
]);

/**
 * The fields of a `message`, `reasoning` or `function_call` item that events carry or that the
 * encoder derives (status). The rest of an item (its `id`, `encrypted_content` as first
 * announced, vendor fields) is kept as this dialect's part state.
 */
export const DERIVED_ITEM_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  message: new Set(["status", "role", "content"]),
  reasoning: new Set(["status", "summary", "content"]),
  function_call: new Set(["type", "status", "arguments", "call_id", "name"]),
};

/** `incomplete_details.reason` values and the finish reasons they are. */
export const INCOMPLETE_REASONS = {
  max_output_tokens: "length",
  content_filter: "content_filter",
} as const;

/** The dialect name every `extra`, `unknown`, usage and error data of this package carries. */
export const RESPONSES = "responses";

const OWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
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

/**
 * One of our own error codes (written by this encoder for a cut-off or a malformed source),
 * which decodes back to that code; a provider's code (`insufficient_quota`, `server_error`) is
 * not one.
 */
export function ownErrorCode(value: JsonValue | undefined): ErrorCode | undefined {
  return typeof value === "string" && OWN_CODES.has(value) ? (value as ErrorCode) : undefined;
}
