import {
  type AccumulatedMessage,
  type AnyDialect,
  accumulate,
  compactJson,
  type DecodeOptions,
  decodeAll,
  type EncodeOptions,
  encodeAll,
  hasInexactNumber,
  type JsonValue,
  parseJson,
  type StreamEvent,
  type StreamEventType,
  toolCallIdOf,
} from "@sse-dialects/core";
import fc from "fast-check";
import { expect } from "vitest";

/**
 * fast-check properties for the project's invariants, shared by every dialect's tests.
 * Events are compared as JSON, so an absent field and an `undefined` one are the same.
 */

const utf8 = new TextEncoder();

function asJson<T>(value: T): T {
  return parseJson(JSON.stringify(value)) as unknown as T;
}

/**
 * Random partitions of `bytes`: cut points anywhere, so pieces split UTF-8 sequences, `\r\n`
 * pairs, field names and JSON, with single-byte pieces among them.
 */
export function arbitrarySplit(bytes: Uint8Array): fc.Arbitrary<Uint8Array[]> {
  const n = bytes.length;
  if (n < 2) return fc.constant([bytes]);
  return fc
    .oneof(
      fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: Math.min(n - 1, 64) }),
      // Dense cuts: runs of one-byte pieces somewhere in the stream.
      fc.integer({ min: 0, max: n - 1 }).map((start) => {
        const cuts: number[] = [];
        for (let i = Math.max(1, start); i < Math.min(n, start + 48); i++) cuts.push(i);
        return cuts;
      }),
    )
    .map((cuts) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      const pieces: Uint8Array[] = [];
      let prev = 0;
      for (const cut of sorted) {
        pieces.push(bytes.subarray(prev, cut));
        prev = cut;
      }
      pieces.push(bytes.subarray(prev));
      return pieces;
    });
}

/** Every byte on its own. */
export function oneBytePieces(bytes: Uint8Array): Uint8Array[] {
  return Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
}

function toBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === "string" ? utf8.encode(input) : input;
}

export interface PropertyOptions {
  numRuns?: number;
  decode?: DecodeOptions;
  encode?: EncodeOptions;
}

/** Split invariance: any partition of the bytes, 1-byte pieces included, decodes the same. */
export function checkSplitInvariance(
  dialect: AnyDialect,
  input: string | Uint8Array,
  options: PropertyOptions = {},
): StreamEvent[] {
  const bytes = toBytes(input);
  const whole = asJson(decodeAll(bytes, dialect, options.decode));
  expect(asJson(decodeAll(oneBytePieces(bytes), dialect, options.decode))).toEqual(whole);
  fc.assert(
    fc.property(arbitrarySplit(bytes), (pieces) => {
      expect(asJson(decodeAll(pieces, dialect, options.decode))).toEqual(whole);
    }),
    { numRuns: options.numRuns ?? 100 },
  );
  return whole;
}

/** Round trip, events first: `decode(encode(events))` equals `events` for every generated sequence. */
export function checkEventsRoundTrip(
  dialect: AnyDialect,
  events: fc.Arbitrary<StreamEvent[]>,
  options: PropertyOptions = {},
): void {
  fc.assert(
    fc.property(events, (sequence) => {
      const wire = encodeAll(sequence, dialect, options.encode);
      expect(asJson(decodeAll(wire, dialect, options.decode))).toEqual(asJson(sequence));
    }),
    { numRuns: options.numRuns ?? 200 },
  );
}

/**
 * Round trip, wire first: re-encoding a stream's events to its own dialect gives a stream whose
 * events are JSON-equal to the original's. `ignore` lists event types an encoder option leaves
 * out (comments, say); `joinToolCallDeltas`, for an encoder that writes each tool call whole
 * although its wire can also stream one, compares a call's consecutive argument deltas joined.
 */
export function checkWireRoundTrip(
  dialect: AnyDialect,
  input: string | Uint8Array,
  options: PropertyOptions & {
    ignore?: readonly StreamEventType[];
    joinToolCallDeltas?: boolean;
  } = {},
): void {
  const keep = (events: StreamEvent[]) => {
    const kept = events.filter((e) => !(options.ignore ?? []).includes(e.type));
    return asJson(options.joinToolCallDeltas ? joinToolCallDeltas(kept) : kept);
  };
  const events = decodeAll(toBytes(input), dialect, options.decode);
  const again = decodeAll(encodeAll(events, dialect, options.encode), dialect, options.decode);
  expect(keep(again)).toEqual(keep(events));
}

/**
 * The meaning conversion must keep: per choice, the text, reasoning, refusal, tool calls (a call
 * without an id counts with the id an encoder writes for it) and finish reason; the token counts
 * and billing the model names (not a dialect's own usage fields); the receipt; the error
 * messages; how it ended.
 */
export interface Meaning {
  choices: {
    text: string;
    reasoning: string;
    refusal: string;
    toolCalls: { id: string; name: string; arguments: string }[];
    finish: string | undefined;
  }[];
  usage: Omit<NonNullable<AccumulatedMessage["usage"]>, "extra" | "dialect"> | undefined;
  receiptId: string | undefined;
  errors: string[];
  end: AccumulatedMessage["end"];
}

export function meaningOf(message: AccumulatedMessage): Meaning {
  return asJson({
    choices: message.choices.map((c) => ({
      text: c.text,
      reasoning: c.reasoning,
      refusal: c.refusal,
      toolCalls: c.toolCalls.map(({ index, id, name, arguments: args }) => ({
        id: toolCallIdOf({ choice: c.index, index, id }),
        name,
        arguments: args,
      })),
      finish: c.finish?.reason,
    })),
    usage: namedUsage(message.usage),
    receiptId: message.receiptId,
    errors: message.errors.map((e) => e.message),
    end: message.end,
  });
}

/**
 * Tool-call arguments as a dialect that sends them as a JSON object keeps them (Gemini's `args`,
 * Ollama's `arguments`): the object written back as JSON, each number as the text wrote it (an
 * encoder writes an id past 2^53 with its own digits); "" for arguments that are not an object,
 * which such a dialect cannot carry.
 */
export function objectArgumentsMeaning(args: string): string {
  if (args === "") return "";
  let value: JsonValue;
  try {
    value = parseJson(args);
  } catch {
    return "";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "";
  return hasInexactNumber(value) ? compactJson(args) : JSON.stringify(value);
}

function namedUsage(usage: AccumulatedMessage["usage"]): Meaning["usage"] {
  if (usage === undefined) return undefined;
  const { extra: _, dialect: __, ...named } = usage;
  return Object.keys(named).length === 0 ? undefined : named;
}

/**
 * Conversion keeps meaning: decoding `input` as `from`, encoding to `to` and decoding again gives
 * the same accumulated meaning. `project` narrows the meaning to what `to` can express.
 */
export function checkConversion(
  from: AnyDialect,
  to: AnyDialect,
  input: string | Uint8Array,
  options: { project?: (meaning: Meaning) => Meaning; decodeFrom?: DecodeOptions } = {},
): void {
  const project = options.project ?? ((m: Meaning) => m);
  const events = decodeAll(toBytes(input), from, options.decodeFrom);
  const converted = decodeAll(encodeAll(events, to), to);
  expect(project(meaningOf(accumulate(converted)))).toEqual(project(meaningOf(accumulate(events))));
}

/** Text as providers send it: multi-byte characters, emoji, quotes, escapes, line breaks. */
export const arbitraryText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
  fc.constantFrom(
    "Hello",
    " world",
    "é",
    "日本語",
    "🦀",
    "\\n",
    '"quoted"',
    "a\nb",
    "\r\n",
    "[DONE]",
    "data: x",
  ),
);

/** Consecutive `tool-call-delta`s of one call as one. */
function joinToolCallDeltas(events: readonly StreamEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (
      event.type === "tool-call-delta" &&
      last?.type === "tool-call-delta" &&
      last.choice === event.choice &&
      last.index === event.index
    ) {
      out[out.length - 1] = { ...last, delta: last.delta + event.delta };
    } else out.push(event);
  }
  return out;
}
