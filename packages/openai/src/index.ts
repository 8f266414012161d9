export { buildOpenAIRequest } from "./build-openai-request.js";
export type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  ChatCompletionChunkDelta,
  ChatCompletionChunkToolCall,
  ChatCompletionMessage,
  ChatCompletionToolCall,
  ChatCompletionUsage,
  ChatFinishReason,
} from "./chat-completion-types.js";
export type { OpenAIDecodeOptions } from "./decode-openai.js";
export { createOpenAIDecoder } from "./decode-openai.js";
export type { OpenAIEncodeOptions } from "./encode-openai.js";
export { createOpenAIEncoder } from "./encode-openai.js";
export { mapError, STREAM_ERROR_TYPE, toOpenAIError } from "./map-error.js";
export { ChunkMapper } from "./map-event-to-chunk.js";
export {
  isOpenAIFinishReason,
  mapFinishReason,
  toChatFinishReason,
  toOpenAIFinishReason,
} from "./map-finish-reason.js";
export { mapOpenAIRequest } from "./map-openai-request.js";
export type { Usage } from "./map-usage.js";
export { hasTokenCounts, mapUsage, mergeUsage, toOpenAIUsage } from "./map-usage.js";
export { detectOpenAI, openai } from "./openai-dialect.js";
export { openaiRequests } from "./openai-requests.js";
export { parseOpenAIRequest } from "./parse-openai-request.js";
export { toChatCompletion } from "./to-chat-completion.js";
