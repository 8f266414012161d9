import {
  type AccumulatedMessage,
  type AccumulatedUsage,
  type AnyDialect,
  type FinishReason,
  type JsonObject,
  MessageAccumulator,
  SseDialectsError,
  type StreamEvent,
} from "@sse-dialects/core";
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  ChunkMapper,
  toChatCompletion,
} from "@sse-dialects/openai";
import { coalesceDeltas } from "./coalesce-deltas.js";
import { ProgressCounter, type StreamProgress } from "./count-progress.js";
import { decodeEvents } from "./decode-events.js";
import { defaultDialects } from "./default-dialects.js";
import { IncompleteStreamError } from "./incomplete-stream-error.js";
import { type ByteInput, cancelSource, readSource } from "./read-source.js";
import type { StreamCallbacks } from "./stream-callbacks.js";
import type { StreamOptions } from "./stream-options.js";

/**
 * How another view of a stream (the chunk view) reads it under the names its user calls: not
 * exported from the package.
 */
export const readAs = Symbol("readAs");
export const settledAs = Symbol("settledAs");

/** What a {@link ChatStream} is built from; {@link openStream} makes it from a response. */
export interface ChatStreamInit {
  body: ByteInput;
  contentType: string | undefined;
}

/**
 * One streaming response of any supported dialect. Read it once, in one of these ways: iterate
 * its normalized events (`for await`), iterate OpenAI-shaped chunks (`chunks()`), pass callbacks
 * (`process()`), or collect it (`toArray()`, `toContent()`, `toChatCompletion()`,
 * `finalMessage()`). The collectors that give the final result can also be awaited while another
 * reader is iterating: they settle when the stream ends. After the end, `receiptId`, `usage`,
 * `finishReason` and `billing` hold what the stream reported.
 *
 * A stream that does not complete never looks complete: iteration throws (or yields the error
 * event, see `errors`), `onError` is called, and the collectors reject with an
 * {@link IncompleteStreamError} carrying what arrived.
 *
 * @example
 * ```ts
 * const stream = await openStream(fetch(url, init));
 * for await (const chunk of stream.chunks()) process.stdout.write(chunk.choices[0]?.delta.content ?? "");
 * console.log(stream.receiptId, stream.usage?.totalTokens);
 * ```
 */
export class ChatStream implements AsyncIterable<StreamEvent> {
  readonly #init: ChatStreamInit;
  readonly #options: StreamOptions;
  readonly #controller = new AbortController();
  readonly #accumulator = new MessageAccumulator();
  readonly #counter = new ProgressCounter();
  #dialect: () => AnyDialect | undefined = () => undefined;
  #reader: string | undefined;
  #failure: IncompleteStreamError | undefined;
  #settled = false;
  #started = false;
  readonly #result: Promise<AccumulatedMessage>;
  #resolve!: (message: AccumulatedMessage) => void;
  #reject!: (error: IncompleteStreamError) => void;
  readonly #onSignalAbort = () => this.abort(this.#options.signal?.reason);

  /** Use {@link openStream}, which also turns HTTP errors into {@link HttpError}s. */
  constructor(init: ChatStreamInit, options: StreamOptions = {}) {
    this.#init = init;
    this.#options = options;
    this.#result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The outcome is also reported to whoever reads the stream; unobserved, it must not crash the process.
    this.#result.catch(() => {});
    const signal = options.signal;
    if (signal?.aborted) this.abort(signal.reason);
    else signal?.addEventListener("abort", this.#onSignalAbort, { once: true });
  }

  /**
   * The normalized events, in order. Throws an {@link IncompleteStreamError} at the first `error`
   * event unless the stream was opened with `errors: "yield"`. Breaking out of the loop cancels
   * the stream.
   *
   * @example
   * ```ts
   * for await (const event of stream) if (event.type === "text-delta") write(event.text);
   * ```
   */
  [Symbol.asyncIterator](): AsyncGenerator<StreamEvent, void, undefined> {
    this.#claim("for await (… of stream)");
    return this.#pump(this.#options.errors ?? "throw");
  }

  /**
   * The stream as OpenAI `chat.completion.chunk` objects, for code written against the OpenAI
   * SDK; whatever the dialect. Throws an {@link IncompleteStreamError} at the first error.
   *
   * @example
   * ```ts
   * for await (const chunk of stream.chunks()) process.stdout.write(chunk.choices[0]?.delta.content ?? "");
   * ```
   */
  chunks(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    this.#claim("chunks()");
    return this.#chunks();
  }

  async *#chunks(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    const mapper = new ChunkMapper();
    for await (const event of this.#pump("throw")) {
      const chunk = mapper.map(event);
      if (chunk !== undefined) yield chunk;
    }
  }

  /**
   * Reads the stream to its end, calling back as events arrive. Resolves when the stream is over;
   * a failure goes to `onError` when given, and otherwise rejects.
   *
   * @example
   * ```ts
   * await stream.process({
   *   onContent: (delta) => process.stdout.write(delta),
   *   onDone: (text, usage) => console.log("\nTokens:", usage?.totalTokens),
   *   onError: (error) => console.error(error.code, error.partialContent),
   * });
   * ```
   */
  async process(callbacks: StreamCallbacks): Promise<void> {
    this.#claim("process()");
    const mapper = callbacks.onChunk === undefined ? undefined : new ChunkMapper();
    let shown = this.#counter.version;
    try {
      for await (const event of this.#pump("throw")) {
        callbacks.onEvent?.(event);
        if (mapper !== undefined) {
          const chunk = mapper.map(event);
          if (chunk !== undefined) callbacks.onChunk?.(chunk);
        }
        if (event.type === "text-delta") {
          const text = this.#accumulator.choice(event.choice).text;
          callbacks.onContent?.(event.text, text, event.choice);
        }
        if (callbacks.onProgress !== undefined && this.#counter.version !== shown) {
          shown = this.#counter.version;
          callbacks.onProgress(this.#counter.progress);
        }
      }
    } catch (error) {
      const failure = this.#failure;
      if (failure !== undefined && error === failure && callbacks.onError !== undefined) {
        callbacks.onError(failure);
        return;
      }
      throw error;
    }
    const message = this.#accumulator.message;
    callbacks.onDone?.(message.choices[0]?.text ?? "", message.usage, message);
  }

  /**
   * Every event of the stream, once it has ended; with `"chunks"`, every OpenAI chunk instead.
   * Rejects with an {@link IncompleteStreamError} if the stream fails (unless opened with
   * `errors: "yield"`, which collects the error events too).
   *
   * @example
   * ```ts
   * const events = await stream.toArray();
   * ```
   */
  toArray(): Promise<StreamEvent[]>;
  toArray(shape: "chunks"): Promise<ChatCompletionChunk[]>;
  async toArray(shape?: "events" | "chunks"): Promise<StreamEvent[] | ChatCompletionChunk[]> {
    this.#claim("toArray()");
    const out: (StreamEvent | ChatCompletionChunk)[] = [];
    if (shape === "chunks") for await (const chunk of this.#chunks()) out.push(chunk);
    else for await (const event of this.#pump(this.#options.errors ?? "throw")) out.push(event);
    return out as StreamEvent[] | ChatCompletionChunk[];
  }

  /**
   * The final message (core's accumulated message: every choice's text, reasoning, refusal, tool
   * calls and finish; usage; receipt). Reads the stream if nobody is reading it, and otherwise
   * waits for the reader to finish. Rejects with an {@link IncompleteStreamError} if it fails.
   *
   * @example
   * ```ts
   * const message = await stream.finalMessage();
   * console.log(message.choices[0]?.toolCalls);
   * ```
   */
  finalMessage(): Promise<AccumulatedMessage> {
    return this[settledAs]("finalMessage()");
  }

  /** The final message, read under the name of what the user called if nobody reads yet. */
  [settledAs](caller: string): Promise<AccumulatedMessage> {
    // Whether to read is decided a microtask later: `const done = stream.finalMessage();` right
    // before `for await (… of stream)` then waits for that loop instead of taking the stream
    // from it (the loop claims the stream synchronously, before the microtask runs).
    queueMicrotask(() => {
      if (this.#reader !== undefined) return;
      this.#claim(caller);
      void this.#drain();
    });
    return this.#result;
  }

  /**
   * The first choice's whole text. Rejects with an {@link IncompleteStreamError} whose
   * `partialContent` holds the text that did arrive.
   *
   * @example
   * ```ts
   * const text = await stream.toContent();
   * ```
   */
  async toContent(): Promise<string> {
    const message = await this[settledAs]("toContent()");
    return message.choices[0]?.text ?? "";
  }

  /**
   * The OpenAI `chat.completion` object the stream adds up to: what the same request would have
   * returned without streaming, with top-level `receipt_id` and `billing` when reported.
   *
   * @example
   * ```ts
   * const completion = await stream.toChatCompletion();
   * console.log(completion.choices);
   * ```
   */
  async toChatCompletion(): Promise<ChatCompletion> {
    return toChatCompletion(await this[settledAs]("toChatCompletion()"));
  }

  /** The events, read under the name of what the user called (a view's method). */
  [readAs](
    caller: string,
    errors: "throw" | "yield",
  ): AsyncGenerator<StreamEvent, void, undefined> {
    this.#claim(caller);
    return this.#pump(errors);
  }

  /**
   * Stops the stream: the source is cancelled at once (for a fetch `Response`, the request is
   * aborted and the connection closed), and whoever reads it gets an `aborted` error. Does
   * nothing once the stream has ended.
   *
   * @example
   * ```ts
   * setTimeout(() => stream.abort("user pressed stop"), 3000);
   * ```
   */
  abort(reason?: unknown): void {
    if (this.#settled || this.#controller.signal.aborted) return;
    this.#controller.abort(reason);
    // Nobody reads yet, so nothing listens to the signal: give the source up here, or the
    // connection would stay open until someone does.
    if (!this.#started) cancelSource(this.#init.body, this.#controller.signal.reason);
  }

  /** The receipt id the stream carried (`{"receipt_id":…}` trailer); known once it has arrived. */
  get receiptId(): string | undefined {
    return this.#accumulator.message.receiptId;
  }

  /** The usage reported, merged over every usage event; complete once the stream has ended. */
  get usage(): AccumulatedUsage | undefined {
    return this.#accumulator.message.usage;
  }

  /** Provider billing (`tokens_used`, `balance_remaining`, `cost`), in the provider's names. */
  get billing(): JsonObject | undefined {
    return this.#accumulator.message.usage?.billing;
  }

  /** The first choice's unified finish reason (`stop`, `length`, `tool_calls`, …). */
  get finishReason(): FinishReason | undefined {
    return this.#accumulator.message.choices[0]?.finish?.reason;
  }

  /** The message so far; the final message once the stream has ended. */
  get message(): AccumulatedMessage {
    return this.#accumulator.message;
  }

  /** Tokens and characters received so far. */
  get progress(): StreamProgress {
    return this.#counter.progress;
  }

  /** The stream's dialect: the one given, or the one detected (undefined until it is). */
  get dialect(): AnyDialect | undefined {
    return this.#dialect();
  }

  #claim(reader: string): void {
    if (this.#reader !== undefined) {
      const state = this.#settled ? "has already read it" : "is already reading it";
      throw new SseDialectsError(
        "misuse",
        `${reader} cannot read this stream: ${this.#reader} ${state}, and a stream is read once. finalMessage(), toContent(), toChatCompletion() and the properties (usage, receiptId, finishReason, billing) can be used alongside or after any reader.`,
      );
    }
    this.#reader = reader;
  }

  async #drain(): Promise<void> {
    try {
      for await (const _ of this.#pump("throw"));
    } catch {
      // The failure settles the result, which is what the caller awaits.
    }
  }

  /** The source's events: decoded, counted, coalesced, accumulated; the outcome settled at the end. */
  async *#pump(errors: "throw" | "yield"): AsyncGenerator<StreamEvent, void, undefined> {
    let ended = false;
    try {
      for await (const event of this.#events()) {
        this.#accumulator.push(event);
        if (event.type === "error") {
          this.#failure ??= new IncompleteStreamError(event, this.#accumulator.message);
          if (errors === "throw") throw this.#failure;
        }
        if (event.type === "end") {
          ended = true;
          this.#settle();
        }
        yield event;
      }
    } finally {
      if (!ended) {
        // Left before the end (a break, a throwing callback, the first error): give the source up.
        this.#failure ??= new IncompleteStreamError(
          {
            type: "error",
            code: "aborted",
            message: "The stream was not read to its end",
          },
          this.#accumulator.message,
        );
        this.#controller.abort(this.#failure);
        this.#settle();
      }
    }
  }

  #events(): AsyncGenerator<StreamEvent, void, undefined> {
    this.#started = true;
    const options = this.#options;
    const bytes = readSource(this.#init.body, {
      signal: this.#controller.signal,
      idleTimeoutMs: options.idleTimeoutMs,
    });
    const decoded = decodeEvents(bytes, {
      dialect: options.dialect ?? "auto",
      dialects: options.dialects ?? defaultDialects,
      contentType: this.#init.contentType ?? options.contentType,
      maxEventSize: options.maxEventSize,
      comments: options.comments,
      dialectOptions: options.dialectOptions,
      observe: (event) => this.#counter.push(event),
    });
    this.#dialect = decoded.dialect;
    const coalesce = options.coalesce;
    if (coalesce === undefined || coalesce === false) return decoded.events;
    return coalesceDeltas(decoded.events, coalesce === true ? {} : coalesce);
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#options.signal?.removeEventListener("abort", this.#onSignalAbort);
    if (this.#failure === undefined) this.#resolve(this.#accumulator.message);
    else this.#reject(this.#failure);
  }
}
