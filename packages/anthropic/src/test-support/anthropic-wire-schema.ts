import { z } from "zod";

/*
 * Anthropic's streaming wire as the reference documents it
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming, https://docs.anthropic.com/en/api/messages)
 * and as `@anthropic-ai/sdk` types it (`RawMessageStreamEvent`, `Usage`, `MessageDeltaUsage`):
 * strict, so a field the reference does not name fails. Written from the reference, not from our
 * encoder.
 */

const count = z.number().int().nonnegative();

export const stopReasonSchema = z.enum([
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "tool_use",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
]);

const usageSchema = z.strictObject({
  input_tokens: count,
  output_tokens: count,
  cache_creation_input_tokens: count.nullable().optional(),
  cache_read_input_tokens: count.nullable().optional(),
  output_tokens_details: z.strictObject({ thinking_tokens: count }).nullable().optional(),
  server_tool_use: z.strictObject({ web_search_requests: count }).nullable().optional(),
  service_tier: z.enum(["standard", "priority", "batch"]).nullable().optional(),
});

const deltaUsageSchema = usageSchema.extend({ input_tokens: count.nullable().optional() });

export const messageStartSchema = z.strictObject({
  type: z.literal("message_start"),
  message: z.strictObject({
    id: z.string().min(1),
    type: z.literal("message"),
    role: z.literal("assistant"),
    model: z.string(),
    content: z.array(z.never()).length(0),
    stop_reason: z.null(),
    stop_sequence: z.null(),
    usage: usageSchema,
  }),
});

const blockSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text"), text: z.literal("") }),
  z.strictObject({
    type: z.literal("thinking"),
    thinking: z.literal(""),
    signature: z.literal(""),
  }),
  z.strictObject({ type: z.literal("redacted_thinking"), data: z.string() }),
  z.strictObject({
    type: z.literal("tool_use"),
    id: z.string().min(1),
    name: z.string(),
    input: z.strictObject({}),
  }),
]);

export const blockStartSchema = z.strictObject({
  type: z.literal("content_block_start"),
  index: count,
  content_block: blockSchema,
});

export const blockDeltaSchema = z.strictObject({
  type: z.literal("content_block_delta"),
  index: count,
  delta: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("text_delta"), text: z.string() }),
    z.strictObject({ type: z.literal("thinking_delta"), thinking: z.string() }),
    z.strictObject({ type: z.literal("signature_delta"), signature: z.string() }),
    z.strictObject({ type: z.literal("input_json_delta"), partial_json: z.string() }),
  ]),
});

export const blockStopSchema = z.strictObject({
  type: z.literal("content_block_stop"),
  index: count,
});

export const messageDeltaSchema = z.strictObject({
  type: z.literal("message_delta"),
  delta: z.strictObject({
    stop_reason: stopReasonSchema.nullable(),
    stop_sequence: z.string().nullable(),
  }),
  usage: deltaUsageSchema,
});

export const messageStopSchema = z.strictObject({ type: z.literal("message_stop") });

export const pingSchema = z.strictObject({ type: z.literal("ping") });

export const errorSchema = z.strictObject({
  type: z.literal("error"),
  error: z.looseObject({
    type: z.enum([
      "invalid_request_error",
      "authentication_error",
      "billing_error",
      "permission_error",
      "not_found_error",
      "rate_limit_error",
      "timeout_error",
      "api_error",
      "overloaded_error",
    ]),
    message: z.string(),
  }),
});

/** Each event name and the schema of its data. */
export const EVENT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  message_start: messageStartSchema,
  content_block_start: blockStartSchema,
  content_block_delta: blockDeltaSchema,
  content_block_stop: blockStopSchema,
  message_delta: messageDeltaSchema,
  message_stop: messageStopSchema,
  ping: pingSchema,
  error: errorSchema,
};
