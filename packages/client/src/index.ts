// The chunk and completion shapes the stream yields are the OpenAI dialect's own.
export type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionUsage,
  ChatFinishReason,
} from "@sse-dialects/openai";
export type { ChunkStreamCallbacks } from "./chat-chunk-stream.js";
export { ChatChunkStream } from "./chat-chunk-stream.js";
export type { ChatStreamInit } from "./chat-stream.js";
export { ChatStream } from "./chat-stream.js";
export type { CoalesceOptions } from "./coalesce-deltas.js";
export { coalesceDeltas } from "./coalesce-deltas.js";
export type { StreamProgress } from "./count-progress.js";
export { defaultDialects } from "./default-dialects.js";
export type { ChatChunk } from "./fold-usage-into-finish.js";
export type { HttpErrorInit, HttpErrorKind } from "./http-error.js";
export { classifyStatus, HttpError } from "./http-error.js";
export { IncompleteStreamError } from "./incomplete-stream-error.js";
export type { StreamSource } from "./open-stream.js";
export { openChunkStream, openStream } from "./open-stream.js";
export type { ProviderError } from "./read-http-error.js";
export { parseProviderError, readHttpError } from "./read-http-error.js";
export type { ByteInput } from "./read-source.js";
export type { StreamCallbacks } from "./stream-callbacks.js";
export type { StreamOptions } from "./stream-options.js";
