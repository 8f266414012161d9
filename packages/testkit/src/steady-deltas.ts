import {
  type AnyDialect,
  type DecodeOptions,
  decodeAll,
  type StreamEvent,
  type WireMessage,
} from "@sse-dialects/core";
import fc from "fast-check";
import { expect } from "vitest";

/**
 * The differential property of the engine's steady-deltas path (`SteadyDeltas` in core): a
 * dialect that opts in decodes every stream to the same events with the path as without it.
 * The streams are a dialect's fixtures with messages repeated after themselves, each copy with
 * one or two of its string literals (keys, values, the delta's text, an ignored field) given
 * other contents: random text, JSON escapes, quotes, control characters, and raw bodies that are
 * not valid JSON at all; now and then a number changed too (an ignored count, or an index). Those are the messages that come closest to a steady message without
 * being one, and the steady runs that the path reads without the decoder.
 */
export function checkSteadyDeltas(
  dialect: AnyDialect,
  fixtures: readonly Uint8Array[],
  options: { numRuns?: number; decode?: DecodeOptions } = {},
): void {
  const { steadyDeltas: _, ...without } = dialect;
  const streams = fixtures.map((bytes) => framed(dialect, bytes)).filter((m) => m.length > 0);
  if (streams.length === 0) return;
  let skipped = 0;
  let decoded = 0;
  const counting: AnyDialect = {
    ...dialect,
    createDecoder(emit, decodeOptions) {
      const decoder = dialect.createDecoder(emit, decodeOptions);
      return {
        message(message: WireMessage) {
          decoded++;
          decoder.message(message);
        },
        end: () => decoder.end(),
        ...(decoder.repeated ? { repeated: decoder.repeated.bind(decoder) } : {}),
      };
    },
  };
  const body = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }).map(asBody) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 6 }).map(asBody) },
    {
      weight: 2,
      arbitrary: fc.constantFrom("", "\\n", '\\"', "\\\\", "\\u00e9", "\\ud83d\\ude00", "a\\/b"),
    },
    // Not JSON: a raw quote, a lone backslash, a control character, a bad escape.
    { weight: 2, arbitrary: fc.constantFrom('"', "\\", "x\u0001", "\t", "\\x", "\\u12", 'a"b') },
  );
  // Copies of a message with its delta's text changed (a steady run), or any literal changed.
  const repeat = fc.record({
    at: fc.nat(),
    steady: fc.boolean(),
    // Mostly values, sometimes keys too; mostly one literal.
    keys: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    spans: fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.nat()) },
      { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.nat()) },
    ),
    copies: fc.array(
      fc.record({
        bodies: fc.array(body, { minLength: 2, maxLength: 2 }),
        // Now and then a copy is also changed outside its literals.
        damage: fc.option(
          fc.oneof(
            fc.record({
              kind: fc.constant("name" as const),
              name: fc.constantFrom("x", "message"),
            }),
            fc.record({
              kind: fc.constant("insert" as const),
              at: fc.nat(),
              char: fc.constantFrom(" ", "}", ",", "1", '"'),
            }),
            fc.record({ kind: fc.constant("literal" as const) }),
            // A number outside the literals written as another (an ignored field's, such as a
            // cumulative usage count or a sequence number, or one that matters, such as an index).
            fc.record({
              kind: fc.constant("number" as const),
              at: fc.nat(),
              value: fc.oneof(fc.nat({ max: 99 }), fc.constantFrom(-1, 1.5, 1e21, 123456789)),
            }),
          ),
          { freq: 4 },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  });
  const deltas = streams.map((messages) => deltaLiterals(dialect, messages, options.decode));
  fc.assert(
    fc.property(
      fc.nat({ max: streams.length - 1 }),
      fc.array(repeat, { maxLength: 6 }),
      // Now and then the stream is cut off after the last copy: what a decoder holds from the
      // messages read as repeats (Gemini's cumulative usage) must come out the same then too.
      fc.boolean(),
      (which, repeats, cut) => {
        let messages = [...streams[which]!];
        let lastCopy = -1;
        for (const { at, steady, keys, spans, copies } of repeats) {
          // A steady run starts at a message of the fixture that decoded to one delta.
          const runs = deltas[which]!;
          const fromDelta = steady && runs.length > 0 ? runs[at % runs.length]! : undefined;
          const base = fromDelta?.message ?? messages[at % messages.length]!;
          const index = messages.indexOf(base);
          const literals =
            fromDelta === undefined
              ? stringLiterals(base.data, keys)
              : [fromDelta.literal, ...stringLiterals(base.data, false)];
          if (literals.length === 0) continue;
          const copiesOf = copies.map(({ bodies, damage }) => {
            let data = base.data;
            // Right to left, so that earlier places stay where they were.
            const places = fromDelta === undefined ? spans : [0, ...spans.slice(1)];
            const byStart = new Map(
              places.map((s) => literals[s % literals.length]!).map((l) => [l[0], l] as const),
            );
            const chosen = [...byStart.values()].sort((a, b) => b[0] - a[0]);
            chosen.forEach(([start, end], i) => {
              data = `${data.slice(0, start + 1)}${bodies[i]!}${data.slice(end - 1)}`;
            });
            const copy: WireMessage = { ...base, data };
            if (damage === null) return copy;
            switch (damage.kind) {
              case "name":
                copy.event = damage.name;
                break;
              case "insert": {
                const at = damage.at % (data.length + 1);
                copy.data = `${data.slice(0, at)}${damage.char}${data.slice(at)}`;
                break;
              }
              case "number": {
                const numbers = [...data.matchAll(/([:,[]\s*)-?\d[\d.eE+-]*/g)];
                const found = numbers[damage.at % Math.max(1, numbers.length)];
                if (found?.index === undefined) break;
                const start = found.index + found[1]!.length;
                const end = found.index + found[0].length;
                copy.data = `${data.slice(0, start)}${damage.value}${data.slice(end)}`;
                break;
              }
              case "literal": {
                // The first changed literal written a second time, as another field's value.
                const [start, end] = chosen[chosen.length - 1]!;
                const literal = base.data.slice(start, end);
                copy.data = data.startsWith("{") ? `{"again":${literal},${data.slice(1)}` : data;
                break;
              }
            }
            return copy;
          });
          messages.splice(index + 1, 0, ...copiesOf);
          // The copies follow the message at `index`; a copy made before and after it moves.
          lastCopy = Math.max(
            lastCopy > index ? lastCopy + copiesOf.length : lastCopy,
            index + copiesOf.length,
          );
        }
        if (cut && lastCopy !== -1) messages = messages.slice(0, lastCopy + 1);
        const wire = serialize(dialect, messages);
        const before = decoded;
        const fast = decodeAll(wire, counting, options.decode);
        skipped += messages.length - (decoded - before);
        const full: StreamEvent[] = decodeAll(wire, without as AnyDialect, options.decode);
        expect(fast).toEqual(full);
      },
    ),
    { numRuns: options.numRuns ?? 150 },
  );
  // The property must have exercised the path: some messages were read without the decoder.
  expect(skipped).toBeGreaterThan(0);
}

/**
 * The messages of a stream that decoded to exactly one delta event, with the place of the literal
 * that spells its text (when it is written once, the way `JSON.stringify` writes it).
 */
function deltaLiterals(
  dialect: AnyDialect,
  messages: readonly WireMessage[],
  decode: DecodeOptions | undefined,
): { message: WireMessage; literal: [number, number] }[] {
  const found: { message: WireMessage; literal: [number, number] }[] = [];
  const decoder = dialect.createDecoder(
    (event: StreamEvent) => events.push(event),
    decode?.dialect,
  );
  let events: StreamEvent[] = [];
  for (const message of messages) {
    events = [];
    decoder.message(message);
    const event = events.length === 1 ? events[0]! : undefined;
    const text =
      event?.type === "tool-call-delta"
        ? event.delta
        : event?.type === "text-delta" ||
            event?.type === "reasoning-delta" ||
            event?.type === "refusal-delta"
          ? event.text
          : undefined;
    if (!text) continue;
    const literal = JSON.stringify(text);
    const at = message.data.indexOf(literal);
    if (at !== -1 && message.data.indexOf(literal, at + 1) === -1)
      found.push({ message, literal: [at, at + literal.length] });
  }
  return found;
}

/** A JSON string's body as it is written between quotes. */
function asBody(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * The `[start, end)` spans of the string literals in JSON text, quotes included: the values
 * only, or the keys too.
 */
function stringLiterals(data: string, keys: boolean): [number, number][] {
  const spans: [number, number][] = [];
  for (const match of data.matchAll(/"(?:[^"\\\u0000-\u001f]|\\.)*"(\s*:)?/g)) {
    if (match[1] !== undefined && !keys) continue;
    spans.push([match.index, match.index + match[0].length - (match[1]?.length ?? 0)]);
  }
  return spans;
}

/** The messages a dialect's framing reads from a stream. */
function framed(dialect: AnyDialect, bytes: Uint8Array): WireMessage[] {
  const messages: WireMessage[] = [];
  const framer = dialect.framing.createFramer(
    { message: (m) => messages.push(m), comment: () => {}, tooLarge: () => {} },
    1 << 22,
  );
  framer.feed(new TextDecoder().decode(bytes));
  framer.end();
  return messages;
}

/** Messages back to a dialect's wire (SSE events, or NDJSON lines). */
function serialize(dialect: AnyDialect, messages: readonly WireMessage[]): string {
  if (dialect.framing.name !== "sse") {
    return messages.map((m) => `${m.data.replace(/[\r\n]/g, " ")}\n`).join("");
  }
  return messages
    .map((m) => {
      const lines = m.data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`);
      const name = m.event === undefined ? "" : `event: ${m.event}\n`;
      const id = m.id === undefined ? "" : `id: ${m.id}\n`;
      return `${name}${id}${lines.join("")}\n`;
    })
    .join("");
}
