import type { AccumulatedMessage, AnyDialect, JsonObject, StreamEvent } from "@sse-dialects/core";
import {
  type ChatCompletion,
  type ChatCompletionUsage,
  type ChatFinishReason,
  toChatCompletion,
} from "@sse-dialects/openai";
import { ChatStream, type ChatStreamInit, readAs, settledAs } from "./chat-stream.js";
import type { StreamProgress } from "./count-progress.js";
import { type ChatChunk, FoldUsageIntoFinish } from "./fold-usage-into-finish.js";
import { IncompleteStreamError } from "./incomplete-stream-error.js";
import type { StreamOptions } from "./stream-options.js";

/** The callbacks of {@link ChatChunkStream.process}: OpenAI's shapes, snake_case usage. */
export interface ChunkStreamCallbacks {
  /** Every chunk, as iteration yields it. */
  onChunk?: (chunk: ChatChunk) => void;
  /** Each content delta, with the choice's content so far (and the choice index, 0 unless n > 1). */
  onContent?: (content: string, accumulated: string, choice: number) => void;
  /** How far the stream has come, after each chunk that changed it. */
  onProgress?: (progress: StreamProgress) => void;
  /**
   * The stream completed: the first choice's content, the usage as OpenAI names it
   * (`usage?.total_tokens`), and the whole `chat.completion`.
   */
  onDone?: (
    fullContent: string,
    usage: ChatCompletionUsage | undefined,
    completion: ChatCompletion,
  ) => void;
  /**
   * The stream failed (provider error, cut off, aborted, timed out, connection lost), with what
   * arrived before. When given, `process` resolves after calling it; without it, `process` rejects.
   */
  onError?: (error: IncompleteStreamError) => void;
}

/**
 * A streaming response of any supported dialect, seen as OpenAI `chat.completion.chunk` objects:
 * the shape code written for the OpenAI SDK and OpenAI-compatible SDKs reads
 * (`chunk.choices[0].delta.content`), with usage in OpenAI's snake_case names. Every chunk has a
 * choice (typed so: {@link ChatChunk}): usage rides on the last finish chunk (`finish_reason` and
 * `usage` together), never on a chunk of its own. Open one
 * with {@link openChunkStream}; {@link openStream} gives the same stream as normalized events.
 *
 * Read it once: iterate it, `process()` it or `toArray()` it. `toContent()`,
 * `toChatCompletion()`, `finalMessage()` and the properties (`receiptId`, `usage`, …) can be
 * used alongside or after any reader. A stream that does not complete never looks complete:
 * iteration throws an {@link IncompleteStreamError}, `onError` is called, the collectors reject.
 *
 * @example
 * ```ts
 * const stream = await openChunkStream(fetch(url, init));
 * for await (const chunk of stream) {
 *   const content = chunk.choices[0]?.delta?.content;
 *   if (content) process.stdout.write(content);
 * }
 * console.log("\nReceipt:", stream.receiptId, "Tokens:", stream.usage?.total_tokens);
 * ```
 */
export class ChatChunkStream implements AsyncIterable<ChatChunk> {
  readonly #stream: ChatStream;

  /** Use {@link openChunkStream}, which also turns HTTP errors into {@link HttpError}s. */
  constructor(init: ChatStreamInit, options: StreamOptions = {}) {
    this.#stream = new ChatStream(init, { ...options, errors: "throw" });
  }

  /**
   * The chunks, in order. Throws an {@link IncompleteStreamError} at the first error (after the
   * chunks that came before it). Breaking out of the loop cancels the stream.
   */
  [Symbol.asyncIterator](): AsyncGenerator<ChatChunk, void, undefined> {
    return this.#chunks(this.#stream[readAs]("for await (… of stream)", "throw"));
  }

  async *#chunks(
    events: AsyncGenerator<StreamEvent, void, undefined>,
  ): AsyncGenerator<ChatChunk, void, undefined> {
    const fold = new FoldUsageIntoFinish();
    try {
      for await (const event of events) yield* fold.push(event);
    } catch (error) {
      // What arrived before the failure is delivered before it.
      yield* fold.fail();
      throw error;
    }
    yield* fold.end();
  }

  /**
   * Reads the stream to its end, calling back as chunks arrive. Resolves when the stream is over;
   * a failure goes to `onError` when given, and otherwise rejects.
   *
   * @example
   * ```ts
   * await stream.process({
   *   onContent: (content, accumulated) => process.stdout.write(content),
   *   onDone: (fullContent, usage) => console.log("\nTokens:", usage?.total_tokens),
   *   onError: (error) => console.error("Stream error:", error.code),
   * });
   * ```
   */
  async process(callbacks: ChunkStreamCallbacks): Promise<void> {
    const chunks = this.#chunks(this.#stream[readAs]("process()", "throw"));
    const contents: string[] = [];
    let shown = this.#stream.progress;
    try {
      for await (const chunk of chunks) {
        callbacks.onChunk?.(chunk);
        for (const choice of chunk.choices) {
          const content = choice.delta.content;
          if (content === undefined || content === "") continue;
          contents[choice.index] = (contents[choice.index] ?? "") + content;
          callbacks.onContent?.(content, contents[choice.index]!, choice.index);
        }
        const progress = this.#stream.progress;
        if (
          callbacks.onProgress !== undefined &&
          (progress.tokens !== shown.tokens || progress.chars !== shown.chars)
        ) {
          shown = progress;
          callbacks.onProgress(progress);
        }
      }
    } catch (error) {
      if (error instanceof IncompleteStreamError && callbacks.onError !== undefined) {
        callbacks.onError(error);
        return;
      }
      throw error;
    }
    const completion = toChatCompletion(this.#stream.message);
    callbacks.onDone?.(completion.choices[0]?.message.content ?? "", completion.usage, completion);
  }

  /**
   * Every chunk, once the stream has ended. Rejects with an {@link IncompleteStreamError} if the
   * stream fails.
   *
   * @example
   * ```ts
   * const chunks = await stream.toArray();
   * ```
   */
  async toArray(): Promise<ChatChunk[]> {
    const out: ChatChunk[] = [];
    for await (const chunk of this.#chunks(this.#stream[readAs]("toArray()", "throw"))) {
      out.push(chunk);
    }
    return out;
  }

  /**
   * The first choice's whole content. Reads the stream if nobody does, and otherwise waits for
   * the reader to finish. Rejects with an {@link IncompleteStreamError} whose `partialContent`
   * holds the text that did arrive.
   */
  async toContent(): Promise<string> {
    const message = await this.#stream[settledAs]("toContent()");
    return message.choices[0]?.text ?? "";
  }

  /** The OpenAI `chat.completion` the stream adds up to (reads or waits, as `toContent`). */
  async toChatCompletion(): Promise<ChatCompletion> {
    return toChatCompletion(await this.#stream[settledAs]("toChatCompletion()"));
  }

  /** Core's accumulated message (reads or waits, as `toContent`). */
  finalMessage(): Promise<AccumulatedMessage> {
    return this.#stream[settledAs]("finalMessage()");
  }

  /** Stops the stream: the source is cancelled at once, and the reader gets an `aborted` error. */
  abort(reason?: unknown): void {
    this.#stream.abort(reason);
  }

  /** The receipt id the stream carried; known once it has arrived. */
  get receiptId(): string | undefined {
    return this.#stream.receiptId;
  }

  /** The usage so far, as OpenAI names it (`prompt_tokens`, `completion_tokens`, `total_tokens`). */
  get usage(): ChatCompletionUsage | undefined {
    return toChatCompletion(this.#stream.message).usage;
  }

  /** Provider billing (`tokens_used`, `balance_remaining`, `cost`), in the provider's names. */
  get billing(): JsonObject | undefined {
    return this.#stream.billing;
  }

  /** The first choice's `finish_reason`, as OpenAI names it; null until it has arrived. */
  get finishReason(): ChatFinishReason | null {
    return toChatCompletion(this.#stream.message).choices[0]?.finish_reason ?? null;
  }

  /** Tokens and characters received so far. */
  get progress(): StreamProgress {
    return this.#stream.progress;
  }

  /** The stream's dialect: the one given, or the one detected (undefined until it is). */
  get dialect(): AnyDialect | undefined {
    return this.#stream.dialect;
  }
}
