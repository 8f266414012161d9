import type { Dialect, DialectEncoder, Drop, Write } from "../dialect/dialect.js";
import { SseDialectsError } from "../errors/stream-error.js";
import { deriveEndReason } from "../events/end-reason.js";
import type { ErrorCode, StreamEvent } from "../events/stream-event.js";

export interface EncodeOptions<DialectOptions = unknown> {
  /** Options of the dialect's encoder. */
  dialect?: DialectOptions;
  /**
   * Called for each event (or part of one) the target dialect cannot express: a foreign
   * dialect's `unknown` or `extra`, a signature it has no field for, tool calls into a dialect
   * without tools. Nothing the encoder leaves out is left out silently.
   */
  onDrop?: (drop: Drop) => void;
  /**
   * Also write each kind of drop, once per stream, into the stream as a comment
   * (`: sse-dialects: dropped …`), where the target's framing has comments (SSE). Clients ignore
   * comments; a person reading the stream sees them. Default false.
   */
  dropComments?: boolean;
}

/**
 * The synchronous encoding engine every pipeline shares: events → the dialect's encoder → text.
 * Call `flush` at the end of each batch of events; `close` ends the stream, adding the `end`
 * event if the events did not carry one, so the output always ends with the dialect's terminator.
 */
export interface StreamEncoder {
  push(event: StreamEvent): void;
  flush(): void;
  close(): void;
}

/**
 * @example
 * ```ts
 * let out = "";
 * const encoder = createStreamEncoder(openai, (text) => { out += text; }, {
 *   onDrop: ({ event, reason }) => console.warn(`dropped ${event.type}: ${reason}`),
 * });
 * encoder.push({ type: "text-delta", choice: 0, text: "Hi" });
 * encoder.close();
 * ```
 */
export function createStreamEncoder<O>(
  dialect: Dialect<unknown, O>,
  write: Write,
  options: EncodeOptions<NoInfer<O>> = {},
): StreamEncoder {
  return new EncoderEngine(dialect as Dialect<unknown, unknown>, write, options);
}

class EncoderEngine implements StreamEncoder {
  readonly #encoder: DialectEncoder;
  #ended = false;
  #lastError: ErrorCode | undefined;
  /** Drop comments owed: written once the event that caused them is encoded. */
  #owed: string[] | undefined;
  /** The kinds of drop already written as a comment. */
  #commented: Set<string> | undefined;

  constructor(dialect: Dialect<unknown, unknown>, write: Write, options: EncodeOptions) {
    const { onDrop } = options;
    const comments = options.dropComments === true && dialect.framing.comments;
    const target = dialect.name;
    this.#encoder = dialect.createEncoder(write, options.dialect, (event, reason) => {
      onDrop?.({ target, event, reason });
      if (!comments) return;
      const kind = `${event.type}: ${reason}`;
      this.#commented ??= new Set();
      if (this.#commented.has(kind)) return;
      this.#commented.add(kind);
      // Not written now: the encoder is in the middle of an event, maybe of a chunk.
      this.#owed ??= [];
      this.#owed.push(`sse-dialects: dropped ${kind}`);
    });
  }

  push(event: StreamEvent): void {
    if (this.#ended) {
      throw new SseDialectsError("misuse", `An event (${event.type}) came after the end event`);
    }
    if (event.type === "error") this.#lastError = event.code;
    else if (event.type === "end") {
      this.#ended = true;
      // The comments go before the terminator, where a reader still looks.
      if (this.#owed !== undefined) this.#writeOwed();
    }
    this.#encoder.encode(event);
    if (this.#owed !== undefined && !this.#ended) this.#writeOwed();
  }

  flush(): void {
    this.#encoder.flush();
  }

  close(): void {
    if (!this.#ended) this.push({ type: "end", reason: deriveEndReason(this.#lastError) });
    this.#encoder.flush();
  }

  #writeOwed(): void {
    const owed = this.#owed!;
    this.#owed = undefined;
    for (const text of owed) this.#encoder.encode({ type: "comment", text });
  }
}
