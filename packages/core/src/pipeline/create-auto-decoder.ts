import { detectDialect, excerpt, unknownDialect } from "../dialect/detect-dialect.js";
import type { AnyDialect, Emit } from "../dialect/dialect.js";
import { SseDialectsError } from "../errors/stream-error.js";
import { deriveEndReason } from "../events/end-reason.js";
import type { ErrorEvent } from "../events/stream-event.js";
import {
  type Framing,
  framingOfContentType,
  framingsOf,
  ndjsonFraming,
  sseFraming,
} from "../framing/framings.js";
import { DEFAULT_MAX_EVENT_SIZE, type Framer, type WireMessage } from "../framing/wire-message.js";
import { Utf8Decoder } from "../utf8/decode-utf8.js";
import {
  createStreamDecoder,
  type DecodeOptions,
  type StreamDecoder,
} from "./create-stream-decoder.js";

export interface AutoDecodeOptions extends Omit<DecodeOptions, "dialect"> {
  /** The response's content type: it decides the framing when it names one. */
  contentType?: string | undefined;
  /** Messages shown to the detectors before giving up. Default 8. */
  maxDetectMessages?: number;
  /** Characters read before giving up, however few messages they held. Default 1 MiB. */
  maxDetectSize?: number;
  /** Options of each dialect's decoder, by dialect name. */
  dialectOptions?: Readonly<Record<string, unknown>>;
}

/** A stream decoder that first finds out which dialect it is decoding. */
export interface AutoDecoder extends StreamDecoder {
  /** The dialect detected, once it is known. */
  readonly dialect: AnyDialect | undefined;
}

/**
 * Decodes a stream whose dialect is not known in advance. The framing comes from the content
 * type, else from the first non-blank bytes; then the first messages are shown to the installed
 * dialects' detectors until exactly one answers `yes`, and everything buffered so far is replayed
 * into that dialect's decoder, so the events are exactly those of decoding with the right dialect
 * from the start. Only the first messages are buffered (bounded by `maxDetectMessages` and
 * `maxDetectSize`); an ambiguous or unrecognised stream ends with one `unknown-dialect` error
 * naming what was seen, never a guess. The decision depends on the text only, not on how the
 * bytes were split.
 *
 * @example
 * ```ts
 * const decoder = createAutoDecoder([openai, elumenta], (event) => console.log(event), {
 *   contentType: response.headers.get("content-type") ?? undefined,
 * });
 * for await (const chunk of response.body!) decoder.push(chunk);
 * decoder.close();
 * console.log(decoder.dialect?.name);
 * ```
 */
export function createAutoDecoder(
  dialects: readonly AnyDialect[],
  emit: Emit,
  options: AutoDecodeOptions = {},
): AutoDecoder {
  return new AutoEngine(dialects, emit, options);
}

class AutoEngine implements AutoDecoder {
  readonly #dialects: readonly AnyDialect[];
  readonly #emit: Emit;
  readonly #options: AutoDecodeOptions;
  readonly #maxMessages: number;
  /** Characters detection may still read. */
  #budget: number;
  /** The raw input so far, replayed into the chosen dialect's decoder. */
  #chunks: (Uint8Array | string)[] = [];
  #state: "sniffing" | "detecting" | "decoding" | "failed" = "sniffing";
  /** Text seen while the framing is undecided (blank, or part of a field name). */
  #prefix = "";
  /** The framings of the installed dialects, each asked whether the stream is its own. */
  readonly #framings: readonly Framing[];
  #framing: Framing | undefined;
  #framer: Framer | undefined;
  readonly #utf8: Utf8Decoder;
  readonly #messages: WireMessage[] = [];
  #chosen: AnyDialect | undefined;
  #decoder: StreamDecoder | undefined;
  closed = false;

  constructor(dialects: readonly AnyDialect[], emit: Emit, options: AutoDecodeOptions) {
    this.#dialects = dialects;
    this.#emit = emit;
    this.#options = options;
    this.#maxMessages = options.maxDetectMessages ?? 8;
    this.#budget = options.maxDetectSize ?? 1024 * 1024;
    this.#framings = framingsOf(dialects);
    // Core's own framings too: a content type naming one no installed dialect reads is a clear
    // "no dialect reads that" rather than a guess from the bytes.
    const named = framingOfContentType(options.contentType, [
      ...this.#framings,
      sseFraming,
      ndjsonFraming,
    ]);
    if (named !== undefined) this.#startDetecting(named);
    // Invalid UTF-8 is reported by the real decoder on replay; detection only needs the text.
    this.#utf8 = new Utf8Decoder({ text: (text) => this.#text(text), invalid: () => {} });
  }

  get dialect(): AnyDialect | undefined {
    return this.#chosen;
  }

  push(chunk: Uint8Array | string): void {
    if (this.closed) throw new SseDialectsError("misuse", "push() after close()");
    if (this.#decoder !== undefined) {
      this.#decoder.push(chunk);
      return;
    }
    if (this.#state === "failed") return;
    // A copy: the caller may reuse its buffer, and we replay it later.
    this.#chunks.push(typeof chunk === "string" ? chunk : chunk.slice());
    if (typeof chunk === "string") this.#text(chunk);
    else this.#utf8.push(chunk);
    this.#replayIfChosen();
  }

  close(failure?: ErrorEvent): void {
    if (this.closed) return;
    if (this.#decoder === undefined && this.#state !== "failed") {
      this.#utf8.end();
      this.#framer?.end();
      if (!this.#settled()) {
        if (failure !== undefined) {
          // The source failed before the dialect was known: that failure is the story.
          this.#fail(failure);
        } else this.#decide(true);
      }
      this.#replayIfChosen();
    }
    this.closed = true;
    this.#decoder?.close(failure);
  }

  #text(text: string): void {
    if (this.#settled() || this.#budget <= 0) return;
    // Detection reads a fixed number of characters, whatever the chunking, so it gives up at
    // the same place for every split of the same bytes.
    const within = text.length > this.#budget ? text.slice(0, this.#budget) : text;
    this.#budget -= within.length;
    if (this.#state === "sniffing") {
      this.#prefix += within;
      const framing = this.#sniff();
      if (framing === "no") {
        this.#fail(
          unknownDialect(
            `Could not recognise the stream's dialect: its first bytes ${JSON.stringify(excerpt(this.#prefix.trimStart()))} are in none of the installed framings (${this.#framingNames()}; content type ${this.#options.contentType ?? "(none)"})`,
            {
              contentType: this.#options.contentType ?? null,
              framing: null,
              firstMessage: excerpt(this.#prefix.trimStart()),
              candidates: {},
            },
          ),
        );
        return;
      }
      if (framing !== "undecided") {
        const prefix = this.#prefix;
        this.#prefix = "";
        this.#startDetecting(framing);
        this.#framer!.feed(prefix);
      }
    } else this.#framer!.feed(within);
    if (this.#budget <= 0 && !this.#settled()) this.#decide(true);
  }

  /**
   * The framing the text so far shows: the first installed framing that answers `yes`; `no`
   * when every framing says no; `undecided` while any of them cannot tell yet.
   */
  #sniff(): Framing | "undecided" | "no" {
    let undecided = false;
    for (const framing of this.#framings) {
      const answer = framing.sniff(this.#prefix);
      if (answer === "yes") return framing;
      if (answer === "undecided") undecided = true;
    }
    return undecided ? "undecided" : "no";
  }

  #framingNames(): string {
    return this.#framings.map((framing) => framing.name).join(", ") || "none installed";
  }

  /** Detection is over: a dialect was chosen, or it failed. */
  #settled(): boolean {
    return this.#state === "failed" || this.#chosen !== undefined;
  }

  #startDetecting(framing: Framing): void {
    this.#framing = framing;
    this.#state = "detecting";
    const max = this.#options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
    const sink = {
      message: (message: WireMessage) => {
        if (this.#state !== "detecting" || this.#chosen !== undefined) return;
        this.#messages.push(message);
        this.#decide(this.#messages.length >= this.#maxMessages);
      },
      comment: () => {},
      tooLarge: () => {},
    };
    this.#framer = framing.createFramer(sink, max);
  }

  #decide(final: boolean): void {
    if (this.#framing === undefined) {
      const seen = this.#prefix.trim();
      this.#fail(
        unknownDialect(
          seen === ""
            ? `Could not recognise the stream's dialect: the stream was empty (content type ${this.#options.contentType ?? "(none)"})`
            : `Could not recognise the stream's dialect: its first bytes ${JSON.stringify(excerpt(seen))} are in none of the installed framings (${this.#framingNames()})`,
          {
            contentType: this.#options.contentType ?? null,
            framing: null,
            firstMessage: seen === "" ? null : excerpt(seen),
            candidates: {},
          },
        ),
      );
      return;
    }
    const result = detectDialect(this.#dialects, {
      contentType: this.#options.contentType,
      framing: this.#framing,
      messages: this.#messages,
      final,
    });
    if (result.status === "found") this.#chosen = result.dialect;
    else if (result.status === "failed") this.#fail(result.error);
  }

  #fail(error: ErrorEvent): void {
    this.#state = "failed";
    this.#chunks = [];
    this.#messages.length = 0;
    this.#emit(error);
    this.#emit({ type: "end", reason: deriveEndReason(error.code) });
  }

  #replayIfChosen(): void {
    const dialect = this.#chosen;
    if (dialect === undefined || this.#decoder !== undefined) return;
    this.#state = "decoding";
    const {
      contentType: _,
      maxDetectMessages: __,
      maxDetectSize: ___,
      dialectOptions,
      ...rest
    } = this.#options;
    const options: DecodeOptions = { ...rest };
    const dialectOption = dialectOptions?.[dialect.name];
    if (dialectOption !== undefined) options.dialect = dialectOption;
    this.#decoder = createStreamDecoder(dialect, this.#emit, options);
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#messages.length = 0;
    for (const chunk of chunks) this.#decoder.push(chunk);
  }
}
