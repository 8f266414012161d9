import { z } from "zod";
import { ERROR_CODES } from "./error-codes.js";

/**
 * The normalized event model: one union, discriminated on `type`, defined once here as zod
 * schemas. Every TypeScript type of the model is inferred from these schemas, and the schemas
 * are exported so that users can validate events they receive from elsewhere.
 *
 * Principles: events are deltas that can be emitted the moment their bytes arrive; every event
 * that belongs to a choice names it (`choice`, 0 unless `n > 1`), and tool-call events also name
 * the call (`index`), so interleaved choices and parallel calls stay apart. Content events may
 * name their content part (`part`), so that two parts of the same kind (two Anthropic text
 * blocks, two Responses message items, two Gemini parts) stay two parts. What the wire carried
 * and the model does not name survives as data tagged with the dialect it came from (`extra`,
 * `unknown`, `error.dialect`): an encoder writes it back only into that dialect, and reports it
 * to every other.
 */

/** Any JSON value: how data the model does not name is kept. */
export const jsonValueSchema = z.json();
export type JsonValue = z.infer<typeof jsonValueSchema>;

/** A JSON object whose values are any JSON. */
export const jsonObjectSchema = z.record(z.string(), jsonValueSchema);
export type JsonObject = z.infer<typeof jsonObjectSchema>;

const choiceIndex = z.number().int().nonnegative();

/**
 * The content part an event belongs to: its position among the choice's parts (Anthropic's
 * content-block `index`, the Responses output position, a Gemini part's position). Events of
 * one part share it; an event without it continues the choice's last part of its kind, and a
 * change of kind starts a new part, which is all a wire without part boundaries (OpenAI chat)
 * can say.
 */
const partIndex = z.number().int().nonnegative().optional();

/** The dialect a piece of provider data came from (`openai`, `elumenta`, `anthropic`, …). */
const dialectName = z.string();
const tokenCount = z.number().nonnegative();

/** Response metadata. Emitted when first seen and again whenever one of its values changes. */
export const metadataEventSchema = z.strictObject({
  type: z.literal("metadata"),
  id: z.string().optional(),
  model: z.string().optional(),
  /** Unix seconds, as OpenAI's `created`. */
  created: z.number().optional(),
  systemFingerprint: z.string().optional(),
  serviceTier: z.string().optional(),
});

/** The role of a choice's message; OpenAI's first delta, Anthropic's `message_start`. */
export const roleEventSchema = z.strictObject({
  type: z.literal("role"),
  choice: choiceIndex,
  role: z.string(),
});

export const textDeltaEventSchema = z.strictObject({
  type: z.literal("text-delta"),
  choice: choiceIndex,
  part: partIndex,
  text: z.string(),
});

/** Visible reasoning: `reasoning_content`, `reasoning`, Anthropic `thinking_delta`, Gemini thoughts. */
export const reasoningDeltaEventSchema = z.strictObject({
  type: z.literal("reasoning-delta"),
  choice: choiceIndex,
  part: partIndex,
  text: z.string(),
});

/** The signature that authenticates its reasoning part (Anthropic `signature_delta`); belongs to that part. */
export const reasoningSignatureEventSchema = z.strictObject({
  type: z.literal("reasoning-signature"),
  choice: choiceIndex,
  part: partIndex,
  signature: z.string(),
});

/** Reasoning the provider only returns encrypted or redacted (Anthropic `redacted_thinking`, Responses `encrypted_content`). */
export const reasoningRedactedEventSchema = z.strictObject({
  type: z.literal("reasoning-redacted"),
  choice: choiceIndex,
  part: partIndex,
  data: z.string(),
});

export const refusalDeltaEventSchema = z.strictObject({
  type: z.literal("refusal-delta"),
  choice: choiceIndex,
  part: partIndex,
  text: z.string(),
});

/**
 * A tool call begins; it is a content part of its own. `index` tells parallel calls of one
 * choice apart. `id` is absent when the wire has none (Gemini, Ollama): an encoder whose wire
 * needs one writes `toolCallIdOf(event)`, stable for the same input.
 */
export const toolCallStartEventSchema = z.strictObject({
  type: z.literal("tool-call-start"),
  choice: choiceIndex,
  index: z.number().int().nonnegative(),
  id: z.string().optional(),
  name: z.string(),
});

/** A fragment of a tool call's arguments, byte-for-byte as sent (it may split a JSON string or escape). */
export const toolCallDeltaEventSchema = z.strictObject({
  type: z.literal("tool-call-delta"),
  choice: choiceIndex,
  index: z.number().int().nonnegative(),
  delta: z.string(),
});

/** A tool call's arguments are complete. */
export const toolCallEndEventSchema = z.strictObject({
  type: z.literal("tool-call-end"),
  choice: choiceIndex,
  index: z.number().int().nonnegative(),
});

/** Token log probabilities, kept in the provider's shape (OpenAI: `{ content, refusal }`). */
export const logprobsEventSchema = z.strictObject({
  type: z.literal("logprobs"),
  choice: choiceIndex,
  logprobs: jsonValueSchema,
});

/** The unified finish reasons; the provider's own value is kept beside it as `raw`. */
export const finishReasonSchema = z.enum([
  "stop",
  "length",
  "tool_calls",
  "content_filter",
  "error",
  "other",
]);
export type FinishReason = z.infer<typeof finishReasonSchema>;

export const finishEventSchema = z.strictObject({
  type: z.literal("finish"),
  choice: choiceIndex,
  reason: finishReasonSchema,
  /** The provider's value as sent (`stop`, `end_turn`, `MAX_TOKENS`, …). */
  raw: z.string(),
});

/** Token usage for the whole response, and provider billing. */
export const usageEventSchema = z.strictObject({
  type: z.literal("usage"),
  promptTokens: tokenCount.optional(),
  completionTokens: tokenCount.optional(),
  totalTokens: tokenCount.optional(),
  /** Prompt tokens read from a cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`). */
  cachedTokens: tokenCount.optional(),
  /** Prompt tokens written to a cache (Anthropic `cache_creation_input_tokens`). */
  cacheWriteTokens: tokenCount.optional(),
  /** Completion tokens spent on reasoning (OpenAI `reasoning_tokens`, Gemini `thoughtsTokenCount`). */
  reasoningTokens: tokenCount.optional(),
  /** Provider billing, in the provider's own names (`tokens_used`, `balance_remaining`, `cost`). */
  billing: jsonObjectSchema.optional(),
  /** Usage fields the model does not name, in the provider's own shape, so re-encoding keeps them. */
  extra: jsonObjectSchema.optional(),
  /** The dialect whose shape `extra` is in: only that dialect's encoder writes it back. */
  dialect: dialectName.optional(),
});

/** A receipt the provider issues for the response (`{"receipt_id": …}` trailer). */
export const receiptEventSchema = z.strictObject({
  type: z.literal("receipt"),
  id: z.string(),
});

/**
 * Fields the wire carried that the model does not name, in the provider's shape, tagged with the
 * dialect they came from: on the response (a chunk's top level), on a choice, on a choice's delta
 * (OpenAI), on a content part (`part`: Gemini's `thoughtSignature`, a Responses item's id) or on
 * a tool call (`index`: a Responses `function_call` item's id beside its `call_id`). Only an
 * encoder of `dialect` writes them back; any other reports them.
 */
export const extraEventSchema = z.strictObject({
  type: z.literal("extra"),
  dialect: dialectName,
  scope: z.enum(["response", "choice", "delta", "part", "tool-call"]),
  choice: choiceIndex.optional(),
  /** The part (scope `part`). */
  part: partIndex,
  /** The tool call (scope `tool-call`). */
  index: z.number().int().nonnegative().optional(),
  fields: jsonObjectSchema,
});

/**
 * A wire event the dialect does not know (an unknown `type`, a trailer object, Anthropic's
 * `ping`): kept whole, tagged with its dialect. Only an encoder of that dialect writes it back.
 */
export const unknownEventSchema = z.strictObject({
  type: z.literal("unknown"),
  dialect: dialectName,
  /** The SSE `event:` name, if the wire had one. */
  event: z.string().optional(),
  /** The payload: parsed JSON when it was JSON. */
  data: jsonValueSchema,
});

/** An SSE comment line (`: OPENROUTER PROCESSING`, keep-alives). */
export const commentEventSchema = z.strictObject({
  type: z.literal("comment"),
  text: z.string(),
});

/** Every way a stream can go wrong, as a literal (the values are `ERROR_CODES`). */
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorEventSchema = z.strictObject({
  type: z.literal("error"),
  code: errorCodeSchema,
  message: z.string(),
  /** The provider's error object, or context (the offending text, a status). */
  data: jsonValueSchema.optional(),
  /**
   * The dialect whose wire object `data` is (a provider's error as it came). An encoder of
   * another dialect writes the code and message, not that object.
   */
  dialect: dialectName.optional(),
});

/** How a stream ended; always the last event, exactly once. */
export const endReasonSchema = z.enum([
  /** The dialect's terminator was seen and no error came before it. */
  "done",
  /** The bytes ended without the terminator. */
  "cut-off",
  /** An error event came before the end. */
  "error",
  /** The consumer aborted. */
  "aborted",
]);
export type EndReason = z.infer<typeof endReasonSchema>;

export const endEventSchema = z.strictObject({
  type: z.literal("end"),
  reason: endReasonSchema,
});

/** The normalized event: one union, discriminated on `type`. */
export const streamEventSchema = z.discriminatedUnion("type", [
  metadataEventSchema,
  roleEventSchema,
  textDeltaEventSchema,
  reasoningDeltaEventSchema,
  reasoningSignatureEventSchema,
  reasoningRedactedEventSchema,
  refusalDeltaEventSchema,
  toolCallStartEventSchema,
  toolCallDeltaEventSchema,
  toolCallEndEventSchema,
  logprobsEventSchema,
  finishEventSchema,
  usageEventSchema,
  receiptEventSchema,
  extraEventSchema,
  unknownEventSchema,
  commentEventSchema,
  errorEventSchema,
  endEventSchema,
]);

export type StreamEvent = z.infer<typeof streamEventSchema>;
export type StreamEventType = StreamEvent["type"];
export type MetadataEvent = z.infer<typeof metadataEventSchema>;
export type RoleEvent = z.infer<typeof roleEventSchema>;
export type TextDeltaEvent = z.infer<typeof textDeltaEventSchema>;
export type ReasoningDeltaEvent = z.infer<typeof reasoningDeltaEventSchema>;
export type ReasoningSignatureEvent = z.infer<typeof reasoningSignatureEventSchema>;
export type ReasoningRedactedEvent = z.infer<typeof reasoningRedactedEventSchema>;
export type RefusalDeltaEvent = z.infer<typeof refusalDeltaEventSchema>;
export type ToolCallStartEvent = z.infer<typeof toolCallStartEventSchema>;
export type ToolCallDeltaEvent = z.infer<typeof toolCallDeltaEventSchema>;
export type ToolCallEndEvent = z.infer<typeof toolCallEndEventSchema>;
export type LogprobsEvent = z.infer<typeof logprobsEventSchema>;
export type FinishEvent = z.infer<typeof finishEventSchema>;
export type UsageEvent = z.infer<typeof usageEventSchema>;
export type ReceiptEvent = z.infer<typeof receiptEventSchema>;
export type ExtraEvent = z.infer<typeof extraEventSchema>;
export type UnknownEvent = z.infer<typeof unknownEventSchema>;
export type CommentEvent = z.infer<typeof commentEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export type EndEvent = z.infer<typeof endEventSchema>;

/** Validates an event against the model; throws a `ZodError` naming the offending field. */
export function parseStreamEvent(value: unknown): StreamEvent {
  return streamEventSchema.parse(value);
}
