import type { JsonObject, JsonValue } from "@sse-dialects/core";

/*
 * The OpenAI objects this package builds, typed from the API reference
 * (https://platform.openai.com/docs/api-reference/chat/streaming and
 * https://platform.openai.com/docs/api-reference/chat/object), with the few fields
 * OpenAI-compatible providers add that this package writes: `reasoning_content` (DeepSeek,
 * vLLM), `finish_reason: "error"` and a top-level `error` (OpenRouter), `receipt_id`, `billing`.
 */

/** `finish_reason` values: OpenAI's, and OpenRouter's `error`. */
export type ChatFinishReason =
  | "stop"
  | "length"
  | "tool_calls"
  | "content_filter"
  | "function_call"
  | "error";

/** `usage`: the three counts are required; details when known. */
export interface ChatCompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: JsonObject;
  completion_tokens_details?: JsonObject;
  [field: string]: JsonValue | undefined;
}

/** A tool-call fragment of a chunk's delta, as OpenAI streams it. */
export interface ChatCompletionChunkToolCall {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments: string };
}

/** What one chunk adds to a choice's message. */
export interface ChatCompletionChunkDelta {
  role?: string;
  content?: string;
  /** Reasoning, under the name DeepSeek and vLLM use. */
  reasoning_content?: string;
  refusal?: string;
  tool_calls?: ChatCompletionChunkToolCall[];
}

export interface ChatCompletionChunkChoice {
  index: number;
  delta: ChatCompletionChunkDelta;
  logprobs?: JsonValue;
  finish_reason: ChatFinishReason | null;
}

/** An OpenAI `chat.completion.chunk`: the object the OpenAI SDK yields when streaming. */
export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  system_fingerprint?: string;
  service_tier?: string;
  choices: ChatCompletionChunkChoice[];
  /** Only on the usage chunk (whose `choices` is empty). */
  usage?: ChatCompletionUsage;
  /** Provider billing without token counts (Elumenta), on the usage chunk. */
  billing?: JsonObject;
}

export interface ChatCompletionToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ChatCompletionMessage {
  role: string;
  content: string | null;
  refusal: string | null;
  reasoning_content?: string;
  tool_calls?: ChatCompletionToolCall[];
}

export interface ChatCompletionChoice {
  index: number;
  message: ChatCompletionMessage;
  logprobs: JsonValue;
  finish_reason: ChatFinishReason | null;
}

/** An OpenAI `chat.completion`: what a request without `stream: true` returns. */
export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  system_fingerprint?: string;
  service_tier?: string;
  choices: ChatCompletionChoice[];
  usage?: ChatCompletionUsage;
  billing?: JsonObject;
  receipt_id?: string;
  /** The stream's last error, as the encoder writes it. */
  error?: JsonValue;
  // Response fields an OpenAI stream carried that the model does not name (Azure's
  // `prompt_filter_results`, groq's `x_groq`) are kept on the object too. They are not typed:
  // an index signature would let any misspelled field compile.
}
