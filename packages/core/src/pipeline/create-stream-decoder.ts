import type { Dialect, DialectDecoder, Emit } from "../dialect/dialect.js";
import { errorEvent, SseDialectsError } from "../errors/stream-error.js";
import { deriveEndReason } from "../events/end-reason.js";
import type { ErrorCode, ErrorEvent, JsonValue, StreamEvent } from "../events/stream-event.js";
import { DEFAULT_MAX_EVENT_SIZE, type Framer, type WireMessage } from "../framing/wire-message.js";
import { hasNonFiniteNumber } from "../json/own-fields.js";
import { Utf8Decoder } from "../utf8/decode-utf8.js";
import { SteadyDeltas } from "./steady-deltas.js";

/**
 * Large byte chunks are decoded this many bytes at a time. A 64 KiB read decoded at once is a
 * 128 KiB UTF-16 string (any non-Latin-1 character makes it two-byte), alive while its events
 * are parsed: every young-generation GC in that time copies it, and what survives GCs is what
 * makes V8 grow the young generation (to 32 MB, a third of the memory target). Decoded in 4 KiB
 * slices, what survives a GC is ~10 KB; peak RSS for 200 MiB of Elumenta → OpenAI fell from 99 MB
 * to 78 MB. Events still come out during the `push` that completes them.
 */
const SLICE = 4 * 1024;

export interface DecodeOptions<DialectOptions = unknown> {
  /** Largest event (or NDJSON line, or comment) accepted, in characters. Default 4 MiB. */
  maxEventSize?: number;
  /** Emit `comment` events for SSE comment lines. Default true. */
  comments?: boolean;
  /**
   * The most choices a stream may have: an event of a choice whose index is this or more is
   * skipped with an `invalid-event` error. Default 128 (OpenAI's largest `n`). Every consumer
   * behind the decoder (the accumulator, an encoder) then holds at most this many.
   */
  maxChoices?: number;
  /**
   * The most tool calls a choice may have: an event of a call whose index is this or more is
   * skipped with an `invalid-event` error. Default 1024.
   */
  maxToolCalls?: number;
  /**
   * The most content parts a choice may have: an event of a part whose index is this or more is
   * skipped with an `invalid-event` error. Default 4096.
   */
  maxParts?: number;
  /** Options of the dialect's decoder. */
  dialect?: DialectOptions;
}

/**
 * The synchronous decoding engine every pipeline shares: bytes (or text) → UTF-8 → framing →
 * the dialect's decoder → `emit`. One object per stream; nothing is buffered beyond an
 * incomplete event, so each event is emitted during the `push` that completes it.
 */
/** The default of {@link DecodeOptions.maxChoices}. */
export const DEFAULT_MAX_CHOICES = 128;
/** The default of {@link DecodeOptions.maxToolCalls}. */
export const DEFAULT_MAX_TOOL_CALLS = 1024;
/** The default of {@link DecodeOptions.maxParts}. */
export const DEFAULT_MAX_PARTS = 4096;

export interface StreamDecoder {
  push(chunk: Uint8Array | string): void;
  /**
   * Ends the stream and emits the `end` event. With `failure` (aborted, timeout, network), that
   * error is reported instead of a cut-off.
   */
  close(failure?: ErrorEvent): void;
  /** Whether `close` has run. */
  readonly closed: boolean;
}

export function createStreamDecoder<O>(
  dialect: Dialect<O, unknown>,
  emit: Emit,
  options: DecodeOptions<NoInfer<O>> = {},
): StreamDecoder {
  return new Engine(dialect as Dialect<unknown, unknown>, emit, options);
}

class Engine implements StreamDecoder {
  readonly #dialect: Dialect<unknown, unknown>;
  readonly #emit: Emit;
  readonly #framer: Framer;
  readonly #utf8: Utf8Decoder;
  readonly #decoder: DialectDecoder;
  readonly #max: number;
  #lastError: ErrorCode | undefined;
  closed = false;

  constructor(dialect: Dialect<unknown, unknown>, emit: Emit, options: DecodeOptions) {
    this.#dialect = dialect;
    const maxChoices = options.maxChoices ?? DEFAULT_MAX_CHOICES;
    const maxToolCalls = options.maxToolCalls ?? DEFAULT_MAX_TOOL_CALLS;
    const limits: Limits = {
      choices: maxChoices,
      toolCalls: maxToolCalls,
      parts: options.maxParts ?? DEFAULT_MAX_PARTS,
    };
    // Errors are tracked on the way out, so the end reason reflects every error, whoever emitted
    // it; and the indexes a wire names are bounded here, once for every dialect.
    // Text deltas, nearly every event, take the shortest path: one comparison. Everything else
    // is checked in a function of its own (a wrapper that inspects every event's shape cost
    // 0.2× the floor in `pnpm bench`).
    const parts = limits.parts;
    const checked = (event: StreamEvent) => {
      if (
        event.type === "text-delta" &&
        isIndexBelow(event.choice, maxChoices) &&
        (event.part === undefined || isIndexBelow(event.part, parts))
      )
        emit(event);
      else this.#emitChecked(event, emit, limits);
    };
    // A dialect whose decoder keeps the steady-deltas promise: its messages that repeat the
    // one before but for the delta's text skip the decoder. The decoder's events are counted per
    // message, so that the steady message is known.
    const steady = dialect.steadyDeltas && new SteadyDeltas(dialect.steadyDeltas);
    let count = 0;
    let last: StreamEvent | undefined;
    this.#emit =
      steady === undefined
        ? checked
        : (event: StreamEvent) => {
            count++;
            last = event;
            checked(event);
          };
    this.#max = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
    const decoder: DialectDecoder = dialect.createDecoder(this.#emit, options.dialect);
    this.#decoder = decoder;
    const comments = options.comments ?? true;
    const sink = {
      message:
        steady === undefined
          ? (message: WireMessage) => decoder.message(message)
          : (message: WireMessage) => {
              const repeat = steady.repeat(message);
              if (repeat !== undefined && decoder.repeated?.(repeat, message) !== false) {
                checked(repeat);
                return;
              }
              count = 0;
              decoder.message(message);
              steady.observe(message, count === 1 ? last : undefined);
            },
      comment: comments ? (text: string) => this.#emit({ type: "comment", text }) : () => {},
      // The size is not reported: an event caught by the buffer guard is not measured whole,
      // and the error must be the same however the stream was split.
      tooLarge: () =>
        this.#emit(
          errorEvent(
            "event-too-large",
            `An event larger than the limit of ${this.#max} characters was skipped`,
            { limit: this.#max },
          ),
        ),
    };
    this.#framer = dialect.framing.createFramer(sink, this.#max);
    this.#utf8 = new Utf8Decoder({
      text: (text) => this.#framer.feed(text),
      invalid: () =>
        this.#emit(
          errorEvent(
            "invalid-utf8",
            "The stream is not valid UTF-8; invalid bytes were replaced by U+FFFD",
          ),
        ),
    });
  }

  #emitChecked(event: StreamEvent, emit: Emit, limits: Limits): void {
    if (event.type === "error") {
      this.#lastError = event.code;
      // The error itself must reach the consumer; data JSON cannot carry is left off it.
      if (event.data !== undefined && hasNonFiniteNumber(event.data)) {
        const { data: _, ...rest } = event;
        emit(rest);
        return;
      }
      emit(event);
      return;
    }
    const past = rejection(event, limits);
    if (past !== undefined) {
      this.#lastError = "invalid-event";
      emit(errorEvent("invalid-event", `${past}; the ${event.type} event was skipped`));
      return;
    }
    emit(event);
  }

  push(chunk: Uint8Array | string): void {
    if (this.closed) throw new SseDialectsError("misuse", "push() after close()");
    if (typeof chunk === "string") this.#framer.feed(chunk);
    else if (chunk.length <= SLICE) this.#utf8.push(chunk);
    else {
      for (let at = 0; at < chunk.length; at += SLICE)
        this.#utf8.push(chunk.subarray(at, at + SLICE));
    }
  }

  close(failure?: ErrorEvent): void {
    if (this.closed) return;
    this.#utf8.end();
    this.#framer.end();
    const complete = this.#decoder.end();
    this.closed = true;
    if (failure !== undefined) this.#emit(failure);
    else if (!complete) {
      this.#emit(
        errorEvent(
          "cut-off",
          `The ${this.#dialect.name} stream ended before its terminator (${this.#dialect.terminator})`,
        ),
      );
    }
    this.#emit({ type: "end", reason: deriveEndReason(this.#lastError) });
  }
}

interface Limits {
  choices: number;
  toolCalls: number;
  parts: number;
}

/**
 * The fast path's test of an index: a small whole number below `max`. `(n | 0) === n` is false
 * for a fraction, NaN, ±Infinity and anything past 2^31 (those take the full check, `within`).
 */
function isIndexBelow(n: number, max: number): boolean {
  return n >= 0 && n < max && (n | 0) === n;
}

/** Whether `n` is an index below `max`: a whole number from 0 (not NaN, not Infinity). */
function within(n: number, max: number): boolean {
  return n >= 0 && n < max && Number.isInteger(n);
}

/**
 * Why an event cannot pass: a choice, part or tool-call index that is not a whole number below
 * its limit, or provider data JSON cannot carry (a number past a double's range: `JSON.parse`
 * makes `1e400` Infinity, which `JSON.stringify` writes as `null`). One switch on the type, so
 * each case reads the fields its event has. Only the events that carry provider data are walked
 * for such a number; text deltas, nearly every event, carry none and pay nothing. (A scan of
 * every message's wire text, so that only streams that might hold one were walked, cost 0.06×
 * the floor on a text stream in `pnpm bench`: more than walking the few data events.)
 */
function rejection(event: StreamEvent, limits: Limits): string | undefined {
  switch (event.type) {
    case "text-delta":
    case "reasoning-delta":
    case "reasoning-signature":
    case "reasoning-redacted":
    case "refusal-delta":
      if (!within(event.choice, limits.choices))
        return past("Choice", event.choice, limits.choices);
      if (event.part !== undefined && !within(event.part, limits.parts))
        return past("Part", event.part, limits.parts);
      return undefined;
    case "role":
    case "finish":
      return within(event.choice, limits.choices)
        ? undefined
        : past("Choice", event.choice, limits.choices);
    case "tool-call-start":
    case "tool-call-delta":
    case "tool-call-end":
      if (!within(event.choice, limits.choices))
        return past("Choice", event.choice, limits.choices);
      return within(event.index, limits.toolCalls)
        ? undefined
        : past("Tool-call", event.index, limits.toolCalls);
    case "logprobs":
      if (!within(event.choice, limits.choices))
        return past("Choice", event.choice, limits.choices);
      return notJson(event.logprobs);
    case "extra":
      if (event.choice !== undefined && !within(event.choice, limits.choices))
        return past("Choice", event.choice, limits.choices);
      if (event.part !== undefined && !within(event.part, limits.parts))
        return past("Part", event.part, limits.parts);
      if (event.index !== undefined && !within(event.index, limits.toolCalls))
        return past("Tool-call", event.index, limits.toolCalls);
      return notJson(event.fields);
    case "unknown":
      return notJson(event.data);
    case "usage": {
      for (const count of [
        event.promptTokens,
        event.completionTokens,
        event.totalTokens,
        event.cachedTokens,
        event.cacheWriteTokens,
        event.reasoningTokens,
      ]) {
        if (count !== undefined && !(count >= 0 && Number.isFinite(count)))
          return `A token count of ${count} is not a finite number from 0`;
      }
      return event.extra === undefined && event.billing === undefined
        ? undefined
        : notJson([event.extra ?? null, event.billing ?? null]);
    }
    case "metadata":
      return event.created !== undefined && !Number.isFinite(event.created)
        ? `A creation time of ${event.created} is not a finite number`
        : undefined;
    default:
      return undefined;
  }
}

const UNITS = { Choice: "choices", Part: "parts per choice", "Tool-call": "calls per choice" };

function past(what: keyof typeof UNITS, index: number, max: number): string {
  return `${what} index ${index} is past the limit of ${max} ${UNITS[what]}`;
}

function notJson(data: JsonValue): string | undefined {
  return hasNonFiniteNumber(data)
    ? "It holds a number JSON cannot carry (past a double's range)"
    : undefined;
}
