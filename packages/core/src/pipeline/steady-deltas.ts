import type {
  ReasoningDeltaEvent,
  RefusalDeltaEvent,
  StreamEvent,
  TextDeltaEvent,
  ToolCallDeltaEvent,
} from "../events/stream-event.js";
import type { WireMessage } from "../framing/wire-message.js";

/**
 * What a dialect promises when it lets the engine skip its decoder for steady messages (see
 * {@link SteadyDeltas}): when its decoder turned a message into exactly one delta event (text,
 * reasoning, refusal or tool-call arguments), a later message that is the same but for the
 * delta's text — with only such one-delta messages in between — decodes to the same event with
 * that text and nothing else, and leaves the decoder's state as it was.
 */
export interface SteadyDeltasOption {
  /**
   * Top-level-or-nested string fields, by name, whose value may differ from message to message
   * without changing what the message decodes to (OpenAI's `obfuscation` padding): a message
   * that differs from the steady one there too is still a repeat.
   */
  readonly ignoredStrings?: readonly string[];
}

/** A delta event: one string grows a text, a reasoning, a refusal or a call's arguments. */
type DeltaEvent = TextDeltaEvent | ReasoningDeltaEvent | RefusalDeltaEvent | ToolCallDeltaEvent;

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

/**
 * A steady message: its text cut where its delta's string goes (and, at most once, where an
 * ignored string goes), the event it decoded to, and its SSE name and id.
 */
interface Template {
  readonly event: DeltaEvent;
  readonly name: string | undefined;
  readonly id: string | undefined;
  /** Up to and with the opening quote of the delta's literal. */
  readonly head: string;
  /** From the closing quote of the delta's literal, up to and with the ignored literal's opening quote. */
  readonly middle: string | undefined;
  /** From the closing quote of the last literal to the end. */
  readonly tail: string;
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
 * `delta.text`. Such a message is read by comparing its text with the steady message's around
 * one string literal (two native prefix comparisons and a scan of the new text), not by
 * `JSON.parse` of all of it.
 *
 * Parallel deltas (tool calls streamed in turns, parts, choices) each have their own template,
 * up to 16 at once.
 *
 * Soundness. The engine arms a template only from two messages decoded the full way into one
 * delta event each, with only one-delta messages between them, the two events the same but for their strings, whose
 * texts are the same but inside one string literal — the one that spells the event's string,
 * found once in each — (and inside one ignored string field's literal). A later message is a
 * repeat only when it is that text with a valid JSON string literal in the delta's place (and
 * in the ignored place): by JSON's grammar it parses to the same value but for that string, and
 * by the dialect's promise ({@link SteadyDeltasOption}) it decodes to the same event with that
 * string. Any message that is not a repeat is decoded the full way, and unless it too decodes
 * to one delta, drops every template: every other change of the decoder's state happens on the
 * full path with none armed. A repeat whose string is
 * empty, or that holds a control character or a bad escape, is decoded the full way too, so
 * its errors and skips are the decoder's own.
 */
export class SteadyDeltas {
  readonly #ignored: readonly string[];
  /** Per delta identity (type, choice, part, call), in the order first seen. */
  #steady: Steady[] = [];

  constructor(option: SteadyDeltasOption) {
    this.#ignored = option.ignoredStrings ?? [];
  }

  /** The event `message` decodes to when it repeats a steady message, else `undefined`. */
  repeat(message: WireMessage): DeltaEvent | undefined {
    const steady = this.#steady;
    for (let i = 0; i < steady.length; i++) {
      const armed = steady[i]!.armed;
      if (armed === undefined) continue;
      const event = repeatOf(armed, message);
      if (event !== undefined) return event;
    }
    return undefined;
  }

  /**
   * After a message was decoded the full way: `event` is the one event it decoded to, or
   * `undefined` when it decoded to none or to several. Anything but one delta may have changed
   * the decoder's state: every template is dropped.
   */
  observe(message: WireMessage, event: StreamEvent | undefined): void {
    const text = event === undefined ? undefined : deltaText(event);
    if (text === undefined || text === "") {
      if (this.#steady.length > 0) this.#steady = [];
      return;
    }
    const observed: Observed = { message, event: event as DeltaEvent, text };
    const key = identityOf(observed.event);
    const steady = this.#steady.find((s) => s.key === key);
    if (steady === undefined) {
      // Bounded: a stream that interleaves more deltas than this starts over.
      if (this.#steady.length >= MAX_IDENTITIES) this.#steady = [];
      this.#steady.push({ key, last: observed, armed: undefined });
      return;
    }
    steady.armed = this.#template(steady.last, observed);
    steady.last = observed;
  }

  #template(a: Observed, b: Observed): Template | undefined {
    if (
      a.text === b.text ||
      a.message.event !== b.message.event ||
      a.message.id !== b.message.id ||
      !sameButText(a.event, b.event)
    )
      return undefined;
    const literalA = JSON.stringify(a.text);
    const literalB = JSON.stringify(b.text);
    const dataA = a.message.data;
    const dataB = b.message.data;
    const at = onlyPlace(dataA, literalA);
    if (at === -1 || onlyPlace(dataB, literalB) !== at) return undefined;
    const head = dataA.slice(0, at + 1);
    if (!dataB.startsWith(head)) return undefined;
    const restA = dataA.slice(at + literalA.length - 1);
    const restB = dataB.slice(at + literalB.length - 1);
    const base = { event: b.event, name: b.message.event, id: b.message.id, head };
    if (restA === restB) return { ...base, middle: undefined, tail: restA };
    for (const name of this.#ignored) {
      const split = ignoredSplit(restA, restB, `"${name}":"`);
      if (split !== undefined) return { ...base, ...split };
    }
    return undefined;
  }
}

/** The most delta identities (parallel tool calls, parts, choices) followed at once. */
const MAX_IDENTITIES = 16;

/** The deltas of one identity: the last one decoded the full way, and the template of the last two. */
interface Steady {
  readonly key: string;
  last: Observed;
  armed: Template | undefined;
}

/** What tells a delta's stream apart from the others': its type, choice, part and call. */
function identityOf(event: DeltaEvent): string {
  return event.type === "tool-call-delta"
    ? `${event.type}/${event.choice}/${event.index}`
    : `${event.type}/${event.choice}/${event.part ?? ""}`;
}

/** The event `message` decodes to when it is `t`'s text with other valid literals, else `undefined`. */
function repeatOf(t: Template, message: WireMessage): DeltaEvent | undefined {
  if (message.event !== t.name || message.id !== t.id) return undefined;
  const data = message.data;
  const head = t.head;
  // `lastIndexOf(x, 0) === 0` and `indexOf(x, at) === at` ask what `startsWith` asks, each at
  // one place only (the tail's length is checked first), and were faster on slices of the
  // framer's buffer: a repeat took 1.2 µs with `startsWith`, 0.3 µs with these (100k OpenAI
  // chunks, Node 20.20).
  if (data.lastIndexOf(head, 0) !== 0) return undefined;
  const close = literalEnd(data, head.length);
  if (close === -1) return undefined;
  const text = literalValue(data, head.length - 1, close);
  if (text === undefined || text === "") return undefined;
  let at = close;
  if (t.middle !== undefined) {
    if (data.indexOf(t.middle, at) !== at) return undefined;
    const open = at + t.middle.length - 1;
    at = literalEnd(data, open + 1);
    if (at === -1 || (escaped && literalValue(data, open, at) === undefined)) return undefined;
  }
  if (data.length - at !== t.tail.length || data.indexOf(t.tail, at) !== at) return undefined;
  return withText(t.event, text);
}

/** Where `literal` occurs in `data`, when it occurs exactly once; else -1. */
function onlyPlace(data: string, literal: string): number {
  const at = data.indexOf(literal);
  return at !== -1 && data.indexOf(literal, at + 1) === -1 ? at : -1;
}

/**
 * How two message ends that differ only inside the value of the string field `"name":"` split
 * around it: the same text up to and with the value's opening quote (the field found once in
 * each, at the same place, after `{` or `,` so that its quote opens a key), two literals without
 * escapes, the same text after them.
 */
function ignoredSplit(
  restA: string,
  restB: string,
  field: string,
): { middle: string; tail: string } | undefined {
  const at = onlyPlace(restA, field);
  if (at <= 0 || onlyPlace(restB, field) !== at) return undefined;
  const before = restA.charCodeAt(at - 1);
  if (before !== COMMA && before !== OPEN_BRACE) return undefined;
  const open = at + field.length;
  const middle = restA.slice(0, open);
  if (!restB.startsWith(middle)) return undefined;
  const closeA = literalEnd(restA, open);
  if (closeA === -1 || escaped) return undefined;
  const closeB = literalEnd(restB, open);
  if (closeB === -1 || escaped) return undefined;
  const tail = restA.slice(closeA);
  return tail === restB.slice(closeB) ? { middle, tail } : undefined;
}
