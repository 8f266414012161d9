import type { AccumulatedMessage, AccumulatedUsage, StreamEvent } from "@sse-dialects/core";
import type { ChatCompletionChunk } from "@sse-dialects/openai";
import type { StreamProgress } from "./count-progress.js";
import type { IncompleteStreamError } from "./incomplete-stream-error.js";

/**
 * The callbacks of {@link ChatStream.process}. Each is optional; they are called in the order
 * the events arrive, and a callback that throws stops the stream and rejects `process`.
 */
export interface StreamCallbacks {
  /** Every normalized event, as iteration would yield it (errors go to `onError`). */
  onEvent?: (event: StreamEvent) => void;
  /** Every event that has an OpenAI `chat.completion.chunk` form, as that chunk. */
  onChunk?: (chunk: ChatCompletionChunk) => void;
  /** Each text delta, with the choice's text so far (and the choice index, 0 unless n > 1). */
  onContent?: (delta: string, accumulated: string, choice: number) => void;
  /** How far the stream has come, after each event that changed it. */
  onProgress?: (progress: StreamProgress) => void;
  /** The stream completed: the first choice's text and the usage, if reported. */
  onDone?: (
    fullContent: string,
    usage: AccumulatedUsage | undefined,
    message: AccumulatedMessage,
  ) => void;
  /**
   * The stream failed (provider error, cut off, aborted, timed out, connection lost), with what
   * arrived before. When given, `process` resolves after calling it; without it, `process` rejects.
   */
  onError?: (error: IncompleteStreamError) => void;
}
