import { candidateDialects, detectDialect, distinctFramings } from "../dialect/detect-dialect.js";
import type { AnyDialect, Emit } from "../dialect/dialect.js";
import { SseDialectsError } from "../errors/stream-error.js";
import { deriveEndReason } from "../events/end-reason.js";
import type { ErrorEvent } from "../events/stream-event.js";
import type { Framing } from "../framing/framings.js";
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
 * Decodes a stream whose dialect is not known in advance. The candidates are the installed
 * dialects whose framing's `sniff` claims the stream's first bytes (narrowed first by a content
 * type that names a framing); each candidate framing reads the first messages, which are shown
 * to the candidates' detectors until exactly one answers `yes`, and everything buffered so far is
 * replayed into that dialect's decoder, so the events are exactly those of decoding with the right dialect
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
  /** The text read while sniffing: what each framing's `sniff` is asked about. */
  #start = "";
  /** The start the candidates were chosen on, shown to every later detection call. */
  #sniffed = "";
  /** Messages every candidate framing had read at the last detection call. */
  #round = 0;
  /** One framer per candidate framing, and the messages it has read. */
  #framers: { framing: Framing; framer: Framer; messages: WireMessage[] }[] = [];
  readonly #utf8: Utf8Decoder;
  #chosen: AnyDialect | undefined;
  #decoder: StreamDecoder | undefined;
  closed = false;

  constructor(dialects: readonly AnyDialect[], emit: Emit, options: AutoDecodeOptions) {
    this.#dialects = dialects;
    this.#emit = emit;
    this.#options = options;
    this.#maxMessages = options.maxDetectMessages ?? 8;
    this.#budget = options.maxDetectSize ?? 1024 * 1024;
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
      if (failure === undefined && this.#state === "sniffing") this.#sniff(true);
      for (const { framer } of this.#framers) {
        if (this.#settled()) break;
        framer.end();
      }
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
      this.#start += within;
      this.#sniff(this.#budget <= 0);
    } else {
      for (const { framer } of this.#framers) {
        if (this.#settled()) break;
        framer.feed(within);
      }
    }
    if (this.#budget <= 0 && !this.#settled()) this.#decide(true);
  }

  /** Asks the framings whether the start is theirs; once they all can tell, frames with each. */
  #sniff(final: boolean): void {
    const candidates = candidateDialects(this.#dialects, {
      contentType: this.#options.contentType,
      start: this.#start,
      final,
    });
    if (candidates.status === "undecided") return;
    if (candidates.status === "failed") {
      this.#fail(candidates.error);
      return;
    }
    this.#state = "detecting";
    const max = this.#options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
    for (const framing of distinctFramings(candidates.dialects)) {
      const messages: WireMessage[] = [];
      const sink = {
        message: (message: WireMessage) => {
          if (this.#settled() || messages.length >= this.#maxMessages) return;
          messages.push(message);
          // Detectors are asked once per message count every framer has reached: the answer
          // then depends on the text, not on which framer read further into a chunk.
          const round = Math.min(...this.#framers.map((f) => f.messages.length));
          if (round <= this.#round) return;
          this.#round = round;
          this.#decide(round >= this.#maxMessages);
        },
        comment: () => {},
        tooLarge: () => {},
      };
      this.#framers.push({ framing, framer: framing.createFramer(sink, max), messages });
    }
    const start = this.#start;
    this.#sniffed = start;
    this.#start = "";
    for (const { framer } of this.#framers) {
      if (this.#settled()) break;
      framer.feed(start);
    }
  }

  /** Detection is over: a dialect was chosen, or it failed. */
  #settled(): boolean {
    return this.#state === "failed" || this.#chosen !== undefined;
  }

  #decide(final: boolean): void {
    if (this.#state === "sniffing") {
      // The input ended before the framings could tell (only white space, or a source failure).
      this.#sniff(true);
      if (this.#settled() || this.#state === "sniffing") return;
    }
    const result = detectDialect(this.#dialects, {
      contentType: this.#options.contentType,
      start: this.#sniffed,
      messages: (framing) => this.#framers.find((f) => f.framing === framing)?.messages ?? [],
      final,
    });
    if (result.status === "found") this.#chosen = result.dialect;
    else if (result.status === "failed") this.#fail(result.error);
  }

  #fail(error: ErrorEvent): void {
    this.#state = "failed";
    this.#chunks = [];
    this.#framers = [];
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
    this.#framers = [];
    for (const chunk of chunks) this.#decoder.push(chunk);
  }
}
