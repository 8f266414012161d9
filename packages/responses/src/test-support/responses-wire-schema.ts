import { z } from "zod";

/**
 * The Responses streaming events our encoder writes, as strict zod schemas written from the API
 * reference (https://platform.openai.com/docs/api-reference/responses-streaming) and the
 * `openai` package's `ResponseStreamEvent` types. Strict: a field the reference does not name
 * fails, except where noted as what real streams send (the `error` event's nested `error`).
 */
const seq = z.number().int().nonnegative();
const index = z.number().int().nonnegative();
const json = z.json();

const outputText = z.strictObject({
  type: z.literal("output_text"),
  text: z.string(),
  annotations: z.array(json),
  logprobs: z.array(json),
});
const refusal = z.strictObject({ type: z.literal("refusal"), refusal: z.string() });
const reasoningText = z.strictObject({ type: z.literal("reasoning_text"), text: z.string() });
const summaryText = z.strictObject({ type: z.literal("summary_text"), text: z.string() });

const messageItem = z.strictObject({
  id: z.string().min(1),
  type: z.literal("message"),
  status: z.enum(["in_progress", "completed", "incomplete"]),
  role: z.literal("assistant"),
  content: z.array(z.union([outputText, refusal])),
});
const reasoningItem = z.strictObject({
  id: z.string().min(1),
  type: z.literal("reasoning"),
  // A client schema rejects a reasoning item without `summary`.
  summary: z.array(summaryText),
  content: z.array(reasoningText).optional(),
  encrypted_content: z.string().optional(),
});
const functionCallItem = z.strictObject({
  id: z.string().min(1),
  type: z.literal("function_call"),
  status: z.enum(["in_progress", "completed", "incomplete"]),
  arguments: z.string(),
  call_id: z.string().min(1),
  name: z.string(),
});
export const outputItemSchema = z.union([messageItem, reasoningItem, functionCallItem]);

const usage = z.strictObject({
  input_tokens: z.number().nonnegative(),
  input_tokens_details: z.strictObject({ cached_tokens: z.number().nonnegative() }),
  output_tokens: z.number().nonnegative(),
  output_tokens_details: z.strictObject({ reasoning_tokens: z.number().nonnegative() }),
  total_tokens: z.number().nonnegative(),
});

export const responseSchema = z.strictObject({
  id: z.string().min(1),
  object: z.literal("response"),
  created_at: z.number(),
  status: z.enum(["in_progress", "completed", "incomplete", "failed"]),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  incomplete_details: z
    .strictObject({ reason: z.enum(["max_output_tokens", "content_filter"]) })
    .nullable(),
  model: z.string(),
  output: z.array(outputItemSchema),
  service_tier: z.string().optional(),
  usage: usage.nullable(),
});

const ids = { sequence_number: seq, item_id: z.string().min(1), output_index: index };
const ev = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

export const responsesEventSchema = z.discriminatedUnion("type", [
  ev("response.created", { sequence_number: seq, response: responseSchema }),
  ev("response.in_progress", { sequence_number: seq, response: responseSchema }),
  ev("response.completed", { sequence_number: seq, response: responseSchema }),
  ev("response.incomplete", { sequence_number: seq, response: responseSchema }),
  ev("response.failed", { sequence_number: seq, response: responseSchema }),
  ev("response.output_item.added", {
    sequence_number: seq,
    output_index: index,
    item: outputItemSchema,
  }),
  ev("response.output_item.done", {
    sequence_number: seq,
    output_index: index,
    item: outputItemSchema,
  }),
  ev("response.content_part.added", {
    ...ids,
    content_index: index,
    part: z.union([outputText, refusal, reasoningText]),
  }),
  ev("response.content_part.done", {
    ...ids,
    content_index: index,
    part: z.union([outputText, refusal, reasoningText]),
  }),
  ev("response.output_text.delta", {
    ...ids,
    content_index: index,
    delta: z.string(),
    logprobs: z.array(json),
  }),
  ev("response.output_text.done", {
    ...ids,
    content_index: index,
    text: z.string(),
    logprobs: z.array(json),
  }),
  ev("response.refusal.delta", { ...ids, content_index: index, delta: z.string() }),
  ev("response.refusal.done", { ...ids, content_index: index, refusal: z.string() }),
  ev("response.reasoning_summary_part.added", { ...ids, summary_index: index, part: summaryText }),
  ev("response.reasoning_summary_part.done", { ...ids, summary_index: index, part: summaryText }),
  ev("response.reasoning_summary_text.delta", { ...ids, summary_index: index, delta: z.string() }),
  ev("response.reasoning_summary_text.done", { ...ids, summary_index: index, text: z.string() }),
  ev("response.reasoning_text.delta", { ...ids, content_index: index, delta: z.string() }),
  ev("response.reasoning_text.done", { ...ids, content_index: index, text: z.string() }),
  ev("response.function_call_arguments.delta", { ...ids, delta: z.string() }),
  ev("response.function_call_arguments.done", { ...ids, arguments: z.string(), name: z.string() }),
  ev("error", {
    sequence_number: seq,
    code: z.string().nullable(),
    message: z.string(),
    param: z.string().nullable(),
    // What real streams send beside the documented fields, and what the SDK throws with.
    error: z.strictObject({
      type: z.string(),
      code: z.string().nullable(),
      message: z.string(),
      param: z.string().nullable(),
    }),
    // Our extension: the context of one of our own error codes (a cut-off, invalid JSON).
    data: json.optional(),
  }),
]);
export type ResponsesWireEvent = z.infer<typeof responsesEventSchema>;
