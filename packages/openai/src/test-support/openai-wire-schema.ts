import { z } from "zod";

/*
 * Strict schemas of what OpenAI's Chat Completions API writes, for tests: the decoder is lenient
 * (providers add fields), but what our encoder writes is checked against the reference, so a
 * field OpenAI does not define shows up as a failure instead of passing unnoticed.
 *
 * Written from the API reference — https://platform.openai.com/docs/api-reference/chat-streaming
 * (the chunk object) and https://platform.openai.com/docs/api-reference/chat/object (the
 * completion object) — and the `openai` package's types (`ChatCompletionChunk`,
 * `ChatCompletion`, `CompletionUsage` in `resources/chat/completions/completions.d.ts` and
 * `resources/completions.d.ts`). Every object is a `z.strictObject`: an unknown key fails at any
 * level. The reference allows arbitrary keys nowhere in these objects; the only open objects are
 * OpenRouter's `error.metadata` and our `billing`, both in the extensions below.
 *
 * The extensions OpenAI-compatible providers use, and this project writes, are in one separate
 * part of the file and named as such: everything else is OpenAI's own.
 */

// ---------------------------------------------------------------------------------------------
// OpenAI's own shapes
// ---------------------------------------------------------------------------------------------

const tokenCount = z.int().nonnegative();

/** `ChatCompletionChunk.Choice.finish_reason` / `ChatCompletion.Choice.finish_reason`. */
const openAIFinishReasonSchema = z.enum([
  "stop",
  "length",
  "tool_calls",
  "content_filter",
  "function_call",
]);

/** `service_tier`, on chunks and completions. */
const serviceTierSchema = z.enum(["auto", "default", "flex", "scale", "priority"]).nullable();

/** `ChatCompletionTokenLogprob.TopLogprob`. */
const topLogprobSchema = z.strictObject({
  token: z.string(),
  bytes: z.array(z.int()).nullable(),
  logprob: z.number(),
});

/** `ChatCompletionTokenLogprob`. */
const tokenLogprobSchema = z.strictObject({
  token: z.string(),
  bytes: z.array(z.int()).nullable(),
  logprob: z.number(),
  top_logprobs: z.array(topLogprobSchema),
});

/** `ChatCompletionChunk.Choice.Logprobs` (the completion's has the same shape). */
const logprobsSchema = z.strictObject({
  content: z.array(tokenLogprobSchema).nullable(),
  refusal: z.array(tokenLogprobSchema).nullable(),
});

/**
 * `CompletionUsage`: the three counts are required; the details objects, and each count in them,
 * are optional.
 */
export const completionUsageSchema = z.strictObject({
  prompt_tokens: tokenCount,
  completion_tokens: tokenCount,
  total_tokens: tokenCount,
  prompt_tokens_details: z
    .strictObject({
      audio_tokens: tokenCount.optional(),
      cached_tokens: tokenCount.optional(),
      // OpenRouter's prompt tokens written to a cache
      // (https://openrouter.ai/docs/use-cases/usage-accounting), which the encoder writes for
      // `cacheWriteTokens` (Anthropic's `cache_creation_input_tokens`).
      cache_write_tokens: tokenCount.optional(),
    })
    .optional(),
  completion_tokens_details: z
    .strictObject({
      accepted_prediction_tokens: tokenCount.optional(),
      audio_tokens: tokenCount.optional(),
      reasoning_tokens: tokenCount.optional(),
      rejected_prediction_tokens: tokenCount.optional(),
    })
    .optional(),
});

/** `ChatCompletionChunk.Choice.Delta.ToolCall`: only `index` is required in a fragment. */
const toolCallDeltaSchema = z.strictObject({
  index: z.int().nonnegative(),
  id: z.string().optional(),
  type: z.literal("function").optional(),
  function: z
    .strictObject({
      name: z.string().optional(),
      arguments: z.string().optional(),
    })
    .optional(),
});

/**
 * The error object OpenAI documents (https://platform.openai.com/docs/guides/error-codes):
 * `message`, and `type`, `param`, `code`, which the API sends as `null` when they do not apply.
 */
const openAIErrorObjectSchema = z.strictObject({
  message: z.string(),
  type: z.string().nullable().optional(),
  param: z.string().nullable().optional(),
  code: z.union([z.string(), z.int()]).nullable().optional(),
});

/**
 * A failure in the middle of a stream: a bare `data: {"error": {…}}` payload, after which the
 * connection closes. The official SDK throws an `APIError` for it (openai-node,
 * `src/core/streaming.ts`, `Stream.fromSSEResponse`).
 */
export const streamErrorPayloadSchema = z.strictObject({ error: openAIErrorObjectSchema });

// ---------------------------------------------------------------------------------------------
// Extensions: fields OpenAI-compatible providers add, which this project decodes and writes.
// Each is optional and added by name; none loosens OpenAI's own shapes above.
// ---------------------------------------------------------------------------------------------

/**
 * Reasoning text in a delta: `reasoning_content` (DeepSeek,
 * https://api-docs.deepseek.com/guides/reasoning_model; vLLM) or `reasoning` (OpenRouter,
 * https://openrouter.ai/docs/use-cases/reasoning-tokens).
 */
const deltaExtensions = {
  reasoning_content: z.string().optional(),
  reasoning: z.string().optional(),
};

/**
 * OpenRouter ends a choice that failed mid-stream with `finish_reason: "error"`
 * (https://openrouter.ai/docs/api-reference/streaming, "Handling errors during streaming").
 */
const extendedFinishReasonSchema = z.union([openAIFinishReasonSchema, z.literal("error")]);

/**
 * The `error` field OpenRouter puts on the chunk that ends a choice with `finish_reason: "error"`
 * (https://openrouter.ai/docs/api-reference/errors: `code`, `message`, `metadata?:
 * Record<string, unknown>`), or OpenAI's own error object in the same place: the union of the
 * two documented key sets. `metadata` is the one place arbitrary keys are allowed.
 */
const chunkErrorSchema = z.strictObject({
  message: z.string(),
  code: z.union([z.string(), z.int()]).nullable().optional(),
  type: z.string().nullable().optional(),
  param: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Top-level fields: a receipt id (gateways send it as `{"receipt_id": …}`; this
 * project writes it on a chunk), provider billing in the provider's own names (an open object),
 * and OpenRouter's chunk-level error.
 */
const topLevelExtensions = {
  receipt_id: z.string().optional(),
  billing: z.record(z.string(), z.unknown()).optional(),
  error: chunkErrorSchema.optional(),
};

// ---------------------------------------------------------------------------------------------
// The chunk and the completion
// ---------------------------------------------------------------------------------------------

/** `ChatCompletionChunk.Choice.Delta`, plus the reasoning fields. */
const chunkDeltaSchema = z.strictObject({
  role: z.enum(["developer", "system", "user", "assistant", "tool"]).optional(),
  content: z.string().nullable().optional(),
  refusal: z.string().nullable().optional(),
  tool_calls: z.array(toolCallDeltaSchema).optional(),
  /** Deprecated by OpenAI in favour of `tool_calls`, but still in the reference. */
  function_call: z
    .strictObject({ name: z.string().optional(), arguments: z.string().optional() })
    .optional(),
  ...deltaExtensions,
});

/** `ChatCompletionChunk.Choice`: `finish_reason` is required (null until the choice ends). */
const chunkChoiceSchema = z.strictObject({
  index: z.int().nonnegative(),
  delta: chunkDeltaSchema,
  logprobs: logprobsSchema.nullable().optional(),
  finish_reason: extendedFinishReasonSchema.nullable(),
});

/**
 * A `chat.completion.chunk`, strict, with the extensions above. `choices` is empty on the usage
 * chunk `stream_options.include_usage` asks for; `obfuscation` is the padding OpenAI adds to
 * chunks unless `stream_options.include_obfuscation` is false (reference of
 * `ChatCompletionStreamOptions`).
 *
 * @example
 * ```ts
 * chatCompletionChunkSchema.parse(JSON.parse(data)); // throws a ZodError naming the bad path
 * ```
 */
export const chatCompletionChunkSchema = z.strictObject({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.int(),
  model: z.string(),
  choices: z.array(chunkChoiceSchema),
  usage: completionUsageSchema.nullable().optional(),
  system_fingerprint: z.string().optional(),
  service_tier: serviceTierSchema.optional(),
  obfuscation: z.string().optional(),
  ...topLevelExtensions,
});

/** `ChatCompletionMessageToolCall`: a function call, or a custom tool's call. */
const messageToolCallSchema = z.discriminatedUnion("type", [
  z.strictObject({
    id: z.string(),
    type: z.literal("function"),
    function: z.strictObject({ name: z.string(), arguments: z.string() }),
  }),
  z.strictObject({
    id: z.string(),
    type: z.literal("custom"),
    custom: z.strictObject({ name: z.string(), input: z.string() }),
  }),
]);

/** `ChatCompletionMessage`, plus `reasoning_content`. */
const completionMessageSchema = z.strictObject({
  role: z.literal("assistant"),
  content: z.string().nullable(),
  refusal: z.string().nullable(),
  tool_calls: z.array(messageToolCallSchema).optional(),
  annotations: z
    .array(
      z.strictObject({
        type: z.literal("url_citation"),
        url_citation: z.strictObject({
          start_index: z.int(),
          end_index: z.int(),
          title: z.string(),
          url: z.string(),
        }),
      }),
    )
    .optional(),
  audio: z
    .strictObject({
      id: z.string(),
      data: z.string(),
      expires_at: z.int(),
      transcript: z.string(),
    })
    .nullable()
    .optional(),
  function_call: z.strictObject({ name: z.string(), arguments: z.string() }).nullable().optional(),
  reasoning_content: deltaExtensions.reasoning_content,
});

/** `ChatCompletion.Choice`: every field required, `finish_reason` never null. */
const completionChoiceSchema = z.strictObject({
  index: z.int().nonnegative(),
  message: completionMessageSchema,
  logprobs: logprobsSchema.nullable(),
  finish_reason: extendedFinishReasonSchema,
});

/**
 * A non-streaming `chat.completion` object, strict, with the top-level extensions (`receipt_id`,
 * `billing`, `error`) and `reasoning_content` on the message.
 *
 * @example
 * ```ts
 * chatCompletionSchema.parse(toChatCompletion(accumulate(events)));
 * ```
 */
export const chatCompletionSchema = z.strictObject({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.int(),
  model: z.string(),
  choices: z.array(completionChoiceSchema),
  usage: completionUsageSchema.optional(),
  system_fingerprint: z.string().optional(),
  service_tier: serviceTierSchema.optional(),
  ...topLevelExtensions,
});

export type ChatCompletionChunkWire = z.infer<typeof chatCompletionChunkSchema>;
export type ChatCompletionWire = z.infer<typeof chatCompletionSchema>;
export type StreamErrorPayload = z.infer<typeof streamErrorPayloadSchema>;
