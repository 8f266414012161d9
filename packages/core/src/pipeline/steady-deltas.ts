import type {
  ReasoningDeltaEvent,
  RefusalDeltaEvent,
  StreamEvent,
  TextDeltaEvent,
  ToolCallDeltaEvent,
} from "../events/stream-event.js";
import { ownCopy } from "../framing/own-copy.js";
import type { WireMessage } from "../framing/wire-message.js";

/**
 * What a dialect promises when it lets the engine skip its decoder for steady messages (see
 * {@link SteadyDeltas}): when its decoder turned a message into exactly one delta event (text,
 * reasoning, refusal or tool-call arguments), a later message that is the same but for the
 * delta's text — with only such one-delta messages in between — decodes to the same event with
 * that text and nothing else, and leaves the decoder's state as it was, or as the decoder's
 * `repeated(event, message)` makes it (a decoder that counts what its deltas carried, say) —
 * unless `repeated` refuses the repeat, and the message is decoded the full way.
 */
export interface SteadyDeltasOption {
  /**
   * String fields, by name, whose value may differ from message to message without changing
   * what the message decodes to (the `obfuscation` padding of OpenAI's chunks and Responses
   * events): a message that differs from the steady one there too is still a repeat.
   */
  readonly ignoredStrings?: readonly string[];
  /**
   * Number fields, by name, likewise (Responses' `sequence_number`): only whole numbers written
   * without sign, fraction or exponent are read as repeats.
   */
  readonly ignoredNumbers?: readonly string[];
  /**
   * String fields, by name, that hold a time whose fraction of a second may differ without
   * changing what the message decodes to (Ollama's `created_at`, read to the second): the
   * digits after the `.` of their value are a hole; everything else of the value must repeat.
   */
  readonly ignoredFractions?: readonly string[];
}

/** A delta event: one string grows a text, a reasoning, a refusal or a call's arguments. */
export type DeltaEvent =
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | RefusalDeltaEvent
  | ToolCallDeltaEvent;

/** The string a delta event carries, or `undefined` for any other event. */
function deltaText(event: StreamEvent): string | undefined {
  switch (event.type) {
    case "text-delta":
    case "reasoning-delta":
    case "refusal-delta":
      return event.text;
    case "tool-call-delta":
      return event.delta;
    default:
      return undefined;
  }
}

/** The same delta event with another string. */
function withText(event: DeltaEvent, text: string): DeltaEvent {
  const copy = { ...event };
  if (copy.type === "tool-call-delta") copy.delta = text;
  else copy.text = text;
  return copy;
}

/** Whether two delta events are the same but for their string. */
function sameButText(a: DeltaEvent, b: DeltaEvent): boolean {
  if (a.type !== b.type || a.choice !== b.choice) return false;
  if (a.type === "tool-call-delta") return a.index === (b as ToolCallDeltaEvent).index;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (key !== "text" && a[key as keyof typeof a] !== b[key as keyof typeof b]) return false;
  }
  return true;
}

const QUOTE = 0x22;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;

/** Set by {@link literalEnd}: whether the literal it scanned holds an escape. */
let escaped = false;

/**
 * The index of the quote that closes the JSON string literal whose text starts at `from` (just
 * past its opening quote), or -1 when a control character comes first (not JSON) or none
 * closes it. Escapes are skipped, not checked: {@link literalValue} checks them.
 */
function literalEnd(data: string, from: number): number {
  escaped = false;
  for (let i = from; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      escaped = true;
      i++;
    } else if (c < SPACE) return -1;
  }
  return -1;
}

/** The value of the literal `data[open..close]` (quotes included), or `undefined` if not JSON. */
function literalValue(data: string, open: number, close: number): string | undefined {
  if (!escaped) return data.slice(open + 1, close);
  try {
    return JSON.parse(data.slice(open, close + 1)) as string;
  } catch {
    return undefined;
  }
}

/** What fills a hole of a template: the delta's string, an ignored string, an ignored number. */
const TEXT = 0;
const STRING = 1;
const NUMBER = 2;
/** An RFC 3339 date-time with a fraction of a second (the zone optional, as Ollama may omit it). */
const RFC_3339_FRACTION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(?:Z|[+-]\d\d:\d\d)?$/;
/** The digits of a fraction of a second (inside a string: leading zeros, any length). */
const FRACTION = 3;
type HoleKind = typeof TEXT | typeof STRING | typeof NUMBER | typeof FRACTION;

/**
 * A steady message cut around its holes — the delta's string literal, and the values of the
 * ignored fields — with the event it decoded to and its SSE name and id. A string hole's quotes
 * stay in the pieces around it: a piece before one ends with its opening quote, and the piece
 * after starts with its closing quote.
 */
interface Template {
  readonly event: DeltaEvent;
  readonly name: string | undefined;
  readonly id: string | undefined;
  /** The text between the holes: one more piece than holes. */
  readonly pieces: readonly string[];
  readonly holes: readonly HoleKind[];
}

/** A message decoded the full way into exactly one delta event. */
interface Observed {
  readonly message: WireMessage;
  readonly event: DeltaEvent;
  readonly text: string;
}

/**
 * Decoding without the dialect's decoder for messages that repeat the one before but for their
 * delta's text — nearly every message of a streamed answer: OpenAI's chunks differ only in
 * `delta.content` (and `obfuscation`), Anthropic's `content_block_delta` events only in
 * `delta.text`, Responses' delta events only in `delta` (and `sequence_number`, `obfuscation`).
 * Such a message is read by comparing its text with the steady message's around the holes (one
 * comparison at one place per piece, a scan of each hole's new value), not by `JSON.parse`.
 *
 * Parallel deltas (tool calls streamed in turns, parts, choices) each have their own template,
 * up to 16 at once.
 *
 * Soundness. A template is cut from a message `a` decoded the full way into one delta event:
 * its holes are the literal that spells the event's string (found once) and the values of the
 * ignored fields. It is armed only when the next message of the same delta `b`, decoded the full
 * way into one delta event the same but for its string, with only one-delta messages between
 * them, is an instance of it whose text hole holds `b`'s string, and that string differs from
 * `a`'s. A later message is a repeat only when it is the template with valid JSON values in its
 * holes (a string literal; a whole number): by JSON's grammar it parses to the same value but
 * for those, and by the dialect's promise ({@link SteadyDeltasOption}) it decodes to the same
 * event with the new string. Any message that is not a repeat is decoded the full way, and
 * unless it too decodes to one delta, drops every template: every other change of the decoder's
 * state happens on the full path with none armed. A repeat whose string is empty, or that holds
 * a control character or a bad escape, is decoded the full way too, so its errors and skips are
 * the decoder's own.
 */
export class SteadyDeltas {
  readonly #strings: readonly string[];
  readonly #numbers: readonly string[];
  readonly #fractions: readonly string[];
  /** Per delta identity (type, choice, part, call), in the order first seen. */
  #steady: Steady[] = [];

  constructor(option: SteadyDeltasOption) {
    this.#strings = option.ignoredStrings ?? [];
    this.#numbers = option.ignoredNumbers ?? [];
    this.#fractions = option.ignoredFractions ?? [];
  }

  /**
   * The template a repeat matched last (an index into `#steady`), or -1. Parallel deltas take
   * turns in a pattern (round robin, or one call after another): each template remembers which
   * one matched after it (`next`), and that one and the last one are tried first. A message is an
   * instance of at most one template (two that took the same message would decode it to two
   * events), so the order only saves comparisons: with 8 tool calls taking turns, trying every
   * template in order was 43% of a Responses tool-call decode (`node --cpu-prof`, Node 24).
   */
  #hit = -1;

  /** The event `message` decodes to when it repeats a steady message, else `undefined`. */
  repeat(message: WireMessage): DeltaEvent | undefined {
    const steady = this.#steady;
    const last = this.#hit;
    const guess = last === -1 ? -1 : steady[last]!.next;
    if (guess !== -1) {
      const event = this.#try(guess, message);
      if (event !== undefined) return event;
    }
    if (last !== -1 && last !== guess) {
      const event = this.#try(last, message);
      if (event !== undefined) {
        steady[last]!.next = last;
        return event;
      }
    }
    for (let i = 0; i < steady.length; i++) {
      if (i === guess || i === last) continue;
      const event = this.#try(i, message);
      if (event !== undefined) {
        if (last !== -1) steady[last]!.next = i;
        return event;
      }
    }
    return undefined;
  }

  /** The event `message` decodes to when it is an instance of template `i`; notes the hit. */
  #try(i: number, message: WireMessage): DeltaEvent | undefined {
    const armed = this.#steady[i]!.armed;
    if (armed === undefined) return undefined;
    const event = repeatOf(armed, message);
    if (event !== undefined) this.#hit = i;
    return event;
  }

  /**
   * After a message was decoded the full way: `event` is the one event it decoded to, or
   * `undefined` when it decoded to none or to several. Anything but one delta may have changed
   * the decoder's state: every template is dropped.
   */
  observe(message: WireMessage, event: StreamEvent | undefined): void {
    const text = event === undefined ? undefined : deltaText(event);
    if (text === undefined || text === "" || message.data.length > MAX_STEADY_SIZE) {
      if (this.#steady.length > 0) this.#drop();
      return;
    }
    const observed: Observed = {
      message: { event: message.event, id: message.id, data: ownCopy(message.data) },
      event: event as DeltaEvent,
      text,
    };
    const key = identityOf(observed.event);
    const steady = this.#steady.find((s) => s.key === key);
    if (steady === undefined) {
      // Bounded: a stream that interleaves more deltas than this starts over.
      if (this.#steady.length >= MAX_IDENTITIES) this.#drop();
      this.#steady.push({ key, last: observed, armed: undefined, next: -1 });
      return;
    }
    steady.armed = this.#template(steady.last, observed);
    steady.last = observed;
  }

  /** Forgets every template (and so the indexes `#hit` and `next` point at). */
  #drop(): void {
    this.#steady = [];
    this.#hit = -1;
  }

  /**
   * The template of `a`, when `b` is an instance of it that decodes to `b`'s own text: `a` cut
   * at its delta's literal (written once, the way `JSON.stringify` writes it) and at the values
   * of the ignored fields it has (each named once, after `{` or `,` so that its quote opens a
   * key).
   */
  #template(a: Observed, b: Observed): Template | undefined {
    if (
      a.text === b.text ||
      a.message.event !== b.message.event ||
      a.message.id !== b.message.id ||
      !sameButText(a.event, b.event)
    )
      return undefined;
    const data = a.message.data;
    const literal = JSON.stringify(a.text);
    const at = onlyPlace(data, literal);
    if (at === -1) return undefined;
    // [start, end, kind]: a hole from `start` to before `end`.
    const holes: [number, number, HoleKind][] = [[at + 1, at + literal.length - 1, TEXT]];
    for (const name of this.#strings) {
      const start = valueAt(data, `"${name}":"`);
      if (start === -1) continue;
      const end = literalEnd(data, start);
      if (end === -1 || escaped) return undefined;
      holes.push([start, end, STRING]);
    }
    for (const name of this.#numbers) {
      const start = valueAt(data, `"${name}":`);
      if (start === -1) continue;
      const end = digitsEnd(data, start);
      if (end === -1) return undefined;
      holes.push([start, end, NUMBER]);
    }
    for (const name of this.#fractions) {
      const start = valueAt(data, `"${name}":"`);
      if (start === -1) continue;
      const close = literalEnd(data, start);
      if (close === -1 || escaped) return undefined;
      // An RFC 3339 time with a fraction: its second is what the digits after the `.` leave.
      if (!RFC_3339_FRACTION.test(data.slice(start, close))) continue;
      const dot = data.indexOf(".", start);
      const end = fractionEnd(data, dot + 1);
      if (end === -1) continue;
      holes.push([dot + 1, end, FRACTION]);
    }
    holes.sort((x, y) => x[0] - y[0]);
    const pieces: string[] = [];
    let from = 0;
    for (const [start, end] of holes) {
      if (start < from) return undefined; // One inside another.
      pieces.push(data.slice(from, start));
      from = end;
    }
    pieces.push(data.slice(from));
    const template: Template = {
      event: b.event,
      name: b.message.event,
      id: b.message.id,
      pieces,
      holes: holes.map((hole) => hole[2]),
    };
    const check = repeatOf(template, b.message);
    return check !== undefined && deltaText(check) === b.text ? template : undefined;
  }
}

/** The most delta identities (parallel tool calls, parts, choices) followed at once. */
const MAX_IDENTITIES = 16;
/**
 * The longest message (in characters) a template is cut from. Deltas are a few hundred; with
 * this bound and `ownCopy`, what the templates hold stays under 1 MB (16 identities, two
 * messages each), whatever the stream.
 */
const MAX_STEADY_SIZE = 16 * 1024;

/** The deltas of one identity: the last one decoded the full way, and the template of the last two. */
interface Steady {
  readonly key: string;
  last: Observed;
  armed: Template | undefined;
  /** The index of the template that matched after this one last time, or -1: tried first. */
  next: number;
}

/** What tells a delta's stream apart from the others': its type, choice, part and call. */
function identityOf(event: DeltaEvent): string {
  return event.type === "tool-call-delta"
    ? `${event.type}/${event.choice}/${event.index}`
    : `${event.type}/${event.choice}/${event.part ?? ""}`;
}

/**
 * The event `message` decodes to when it is `t`'s text with other valid values in its holes, else
 * `undefined`. `lastIndexOf(x, 0) === 0` and `indexOf(x, at) === at` ask what `startsWith` asks;
 * they were faster on slices of the framer's buffer: a repeat took 1.2 µs with `startsWith`,
 * 0.3 µs with these (100k OpenAI chunks, Node 20.20).
 */
function repeatOf(t: Template, message: WireMessage): DeltaEvent | undefined {
  if (message.event !== t.name || message.id !== t.id) return undefined;
  const data = message.data;
  const { pieces, holes } = t;
  const first = pieces[0]!;
  if (data.lastIndexOf(first, 0) !== 0) return undefined;
  let at = first.length;
  let text: string | undefined;
  const last = holes.length - 1;
  for (let i = 0; i <= last; i++) {
    const kind = holes[i]!;
    let end: number;
    if (kind === NUMBER || kind === FRACTION) {
      end = kind === NUMBER ? digitsEnd(data, at) : fractionEnd(data, at);
      if (end === -1) return undefined;
    } else {
      end = literalEnd(data, at);
      if (end === -1) return undefined;
      if (kind === TEXT) {
        text = literalValue(data, at - 1, end);
        if (text === undefined || text === "") return undefined;
        // A copy, as `JSON.parse` gives: a slice would keep the whole wire text it came from
        // alive for as long as the consumer keeps the delta (an accumulator keeps them all).
        if (!escaped) text = ownCopy(text);
      } else if (escaped && literalValue(data, at - 1, end) === undefined) return undefined;
    }
    const piece = pieces[i + 1]!;
    // The last piece ends the message: its length first, so that `indexOf` looks at one place.
    if (i === last && data.length - end !== piece.length) return undefined;
    if (data.indexOf(piece, end) !== end) return undefined;
    at = end + piece.length;
  }
  return text === undefined ? undefined : withText(t.event, text);
}

/**
 * The index just past the whole number written at `from` (digits only, no leading zero), or -1
 * when there is none.
 */
function digitsEnd(data: string, from: number): number {
  const end = fractionEnd(data, from);
  return end === -1 || (data.charCodeAt(from) === DIGIT_0 && end > from + 1) ? -1 : end;
}

/** The index just past the digits at `from` (at least one, any of them), or -1 when there is none. */
function fractionEnd(data: string, from: number): number {
  let i = from;
  for (; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) break;
  }
  return i === from ? -1 : i;
}

/**
 * Where the value of the field `field` (`"name":` or `"name":"`) starts in `data`, when the
 * field is named once, after `{` or `,` (so that its quote opens a key); else -1.
 */
function valueAt(data: string, field: string): number {
  const at = onlyPlace(data, field);
  if (at <= 0) return -1;
  const before = data.charCodeAt(at - 1);
  return before === COMMA || before === OPEN_BRACE ? at + field.length : -1;
}

/** Where `literal` occurs in `data`, when it occurs exactly once; else -1. */
function onlyPlace(data: string, literal: string): number {
  const at = data.indexOf(literal);
  return at !== -1 && data.indexOf(literal, at + 1) === -1 ? at : -1;
}
