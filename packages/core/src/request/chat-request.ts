import { z } from "zod";
import { jsonObjectSchema } from "../events/stream-event.js";

/**
 * The normalized request model: what a client asks of a chat model, in any dialect (OpenAI chat
 * completions, Anthropic Messages, OpenAI Responses, Gemini `generateContent`, Ollama `/api/chat`,
 * Elumenta). Defined once here as zod schemas; every type is inferred from them.
 *
 * Principles, as for the event model:
 * - **Lenient on the wire, strict here.** Each dialect's `requests.parse` reads its own body
 *   leniently and produces a value of this model; what it cannot read is a `RequestError` (400)
 *   naming the field, never a guess.
 * - **Lossless, with provenance.** What a dialect sends that the model does not name is kept in
 *   `extra`, by dialect (`{ anthropic: { cache_control: … } }`), at the level it was found (the
 *   request, a message, a part, a tool). A builder writes `extra` back only into its own dialect;
 *   for any other it either carries the field to an equivalent, or refuses it with a 400, or
 *   reports it in `UpstreamRequest.dropped` — never silently.
 * - **Order kept.** A message's content is a list of parts in wire order, so Anthropic blocks,
 *   Gemini parts and Responses items (text, tool calls, tool results, reasoning) keep their
 *   interleaving.
 */

/** Fields a dialect sent that the model does not name, by the dialect they came from. */
export const requestExtraSchema = z.record(z.string(), jsonObjectSchema);
export type RequestExtra = z.infer<typeof requestExtraSchema>;

const extra = requestExtraSchema.optional();

/** A piece of text. */
export const textPartSchema = z.strictObject({
  type: z.literal("text"),
  text: z.string(),
  extra,
});

/**
 * An image: a URL (`https:` or a `data:` URL as OpenAI sends it) or inline base64 data with its
 * media type (Anthropic's `base64` source, Gemini's `inlineData`, Ollama's `images`).
 */
export const imagePartSchema = z.strictObject({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("url"), url: z.string() }),
    z.strictObject({
      type: z.literal("base64"),
      /** `image/png`, …; absent when the wire does not say (Ollama's `images`). */
      mediaType: z.string().optional(),
      data: z.string(),
    }),
  ]),
  /** OpenAI's and Responses' `detail` (`auto`, `low`, `high`). */
  detail: z.string().optional(),
  extra,
});

/**
 * A tool call the assistant made earlier in the conversation. `arguments` is the JSON text of
 * the arguments (OpenAI's and Responses' form); dialects that send an object (Anthropic `input`,
 * Gemini `args`, Ollama `arguments`) are stringified on parse and parsed on build. `id` is absent
 * when the wire had none (Gemini, Ollama): `withToolCallIds` pairs calls and results by position
 * for a target that needs ids.
 */
export const toolCallPartSchema = z.strictObject({
  type: z.literal("tool-call"),
  id: z.string().optional(),
  name: z.string(),
  arguments: z.string(),
  extra,
});

/**
 * The result of a tool call: `id` pairs it with its `tool-call` (OpenAI `tool_call_id`,
 * Anthropic `tool_use_id`, Responses `call_id`, Gemini `functionResponse.id`); `name` is the
 * called function (Gemini and Ollama pair by name). `content` is text and image parts (an
 * Anthropic `tool_result`'s blocks; a plain string is one text part). `isError` is Anthropic's
 * `is_error`.
 */
export const toolResultPartSchema = z.strictObject({
  type: z.literal("tool-result"),
  id: z.string().optional(),
  name: z.string().optional(),
  content: z.array(z.discriminatedUnion("type", [textPartSchema, imagePartSchema])),
  isError: z.boolean().optional(),
  extra,
});

/**
 * Reasoning the assistant produced earlier, sent back (Anthropic `thinking` and
 * `redacted_thinking` blocks, Responses `reasoning` items, Gemini `thought` parts, Ollama
 * `thinking`). `signature` / `redacted` are opaque to every dialect but the one that made them,
 * named by `dialect`: a builder of another dialect leaves them out (reported as dropped).
 */
export const reasoningPartSchema = z.strictObject({
  type: z.literal("reasoning"),
  text: z.string(),
  signature: z.string().optional(),
  redacted: z.string().optional(),
  dialect: z.string(),
  extra,
});

/**
 * A content part only one dialect knows (OpenAI `input_audio` and `file` parts, Anthropic
 * `document` and server-tool blocks, Gemini `executableCode`, Responses items with no
 * equivalent): kept whole with its dialect, written back only into it, refused (400) for any
 * other, since leaving it out would change what the model sees.
 */
export const providerPartSchema = z.strictObject({
  type: z.literal("provider"),
  dialect: z.string(),
  part: jsonObjectSchema,
});

export const contentPartSchema = z.discriminatedUnion("type", [
  textPartSchema,
  imagePartSchema,
  toolCallPartSchema,
  toolResultPartSchema,
  reasoningPartSchema,
  providerPartSchema,
]);

/**
 * `system` and `developer` messages are instructions inside the conversation (OpenAI, Responses
 * input, Ollama); `tool` messages hold tool results (OpenAI's `tool` role, Ollama's). Dialects
 * with top-level instructions put them in `ChatRequest.system` instead.
 */
export const messageRoleSchema = z.enum(["system", "developer", "user", "assistant", "tool"]);

export const chatMessageSchema = z.strictObject({
  role: messageRoleSchema,
  content: z.array(contentPartSchema),
  /** OpenAI's participant `name`. */
  name: z.string().optional(),
  extra,
});

/** A function the model may call: its JSON schema, as every dialect sends it. */
export const functionToolSchema = z.strictObject({
  type: z.literal("function"),
  name: z.string(),
  description: z.string().optional(),
  /** JSON schema of the arguments object. */
  parameters: jsonObjectSchema.optional(),
  /** OpenAI's and Responses' `strict`. */
  strict: z.boolean().optional(),
  extra,
});

/**
 * A tool only one dialect knows (Anthropic's server tools such as `web_search_20250305`, the
 * Responses built-ins `web_search` / `file_search`, Gemini's `googleSearch` / `codeExecution`):
 * kept whole with its dialect, sent only to that dialect, refused (400) for any other.
 */
export const providerToolSchema = z.strictObject({
  type: z.literal("provider"),
  dialect: z.string(),
  tool: jsonObjectSchema,
});

export const toolSchema = z.discriminatedUnion("type", [functionToolSchema, providerToolSchema]);

/** `auto`, `none`, `required` (a tool must be called) or one named function. */
export const toolChoiceSchema = z.union([
  z.enum(["auto", "none", "required"]),
  z.strictObject({ type: z.literal("tool"), name: z.string() }),
]);

/**
 * How much the model should reason: an effort (`minimal`, `low`, `medium`, `high`, or `none`,
 * OpenAI's and Ollama's words), a token budget (Anthropic `budget_tokens`, Gemini
 * `thinkingBudget`), or `enabled: false` to switch it off. A builder derives the one its dialect
 * takes from the other (see each dialect's table in core's README).
 */
export const reasoningSchema = z.strictObject({
  enabled: z.boolean().optional(),
  effort: z.string().optional(),
  budgetTokens: z.number().int().nonnegative().optional(),
  /** Whether the answer should include the reasoning (Gemini `includeThoughts`, Responses `summary`). */
  include: z.boolean().optional(),
});

/** Plain text, any JSON object, or JSON matching a schema. */
export const responseFormatSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text") }),
  z.strictObject({ type: z.literal("json") }),
  z.strictObject({
    type: z.literal("json-schema"),
    schema: jsonObjectSchema,
    name: z.string().optional(),
    description: z.string().optional(),
    strict: z.boolean().optional(),
  }),
]);

export const chatRequestSchema = z.strictObject({
  model: z.string(),
  /** Top-level instructions: Anthropic `system`, Gemini `systemInstruction`, Responses `instructions`. */
  system: z.array(textPartSchema).optional(),
  messages: z.array(chatMessageSchema),
  tools: z.array(toolSchema).optional(),
  toolChoice: toolChoiceSchema.optional(),
  parallelToolCalls: z.boolean().optional(),
  maxTokens: z.number().int().nonnegative().optional(),
  temperature: z.number().optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  stop: z.array(z.string()).optional(),
  seed: z.number().int().optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  reasoning: reasoningSchema.optional(),
  responseFormat: responseFormatSchema.optional(),
  /** Whether the client asked for a stream; builders always ask the upstream to stream. */
  stream: z.boolean(),
  /** Whether a streaming client asked for usage (OpenAI `stream_options.include_usage`). */
  includeUsage: z.boolean().optional(),
  /** String key/value pairs (OpenAI, Responses `metadata`). */
  metadata: z.record(z.string(), z.string()).optional(),
  /** The end user (OpenAI `user`, Anthropic `metadata.user_id`, Responses `safety_identifier`). */
  user: z.string().optional(),
  /** OpenAI's and Responses' `store` (stored completions / responses); see each builder. */
  store: z.boolean().optional(),
  /**
   * Fields that point at state the provider keeps (Responses `previous_response_id` and
   * `conversation`, Gemini `cachedContent`, Ollama `context`), by dialect: written back only
   * into that dialect; every other builder refuses them (400 naming the field), since the
   * conversation they stand for is not in the request.
   */
  stateful: requestExtraSchema.optional(),
  extra,
});

export type TextPart = z.infer<typeof textPartSchema>;
export type ImagePart = z.infer<typeof imagePartSchema>;
export type ToolCallPart = z.infer<typeof toolCallPartSchema>;
export type ToolResultPart = z.infer<typeof toolResultPartSchema>;
export type ReasoningPart = z.infer<typeof reasoningPartSchema>;
export type ProviderPart = z.infer<typeof providerPartSchema>;
export type ContentPart = z.infer<typeof contentPartSchema>;
export type MessageRole = z.infer<typeof messageRoleSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type FunctionTool = z.infer<typeof functionToolSchema>;
export type ProviderTool = z.infer<typeof providerToolSchema>;
export type Tool = z.infer<typeof toolSchema>;
export type ToolChoice = z.infer<typeof toolChoiceSchema>;
export type Reasoning = z.infer<typeof reasoningSchema>;
export type ResponseFormat = z.infer<typeof responseFormatSchema>;
/** The normalized request. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;
