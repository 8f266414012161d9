import {
  type AnyDialect,
  accumulate,
  createStreamDecoder,
  decodeAll,
  encodeAll,
  type JsonValue,
  jsonEqual,
  parseJson,
  parseStreamEvent,
  type StreamEvent,
} from "@sse-dialects/core";
import fc from "fast-check";

/**
 * JSON text a hostile or broken upstream may put where a value belongs: any JSON, numbers that
 * are huge, negative, fractional or beyond a double (`1e400` parses to Infinity), `__proto__`
 * keys, nesting past any sane depth, lone surrogates.
 */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.constantFrom(
    "1e400",
    "-1e400",
    "-1",
    "0.5",
    "1000000000",
    "9007199254740993",
    "null",
    '""',
    "[]",
    "{}",
    '{"__proto__":{"total_tokens":999999,"polluted":true}}',
    `${"[".repeat(5000)}${"]".repeat(5000)}`,
    `${'{"a":'.repeat(300)}1${"}".repeat(300)}`,
    '"\\ud800"',
  ),
);

const PLACEHOLDER = "\u0000sse-dialects-hostile\u0000";

/** Every path to a value inside `root` (iteratively: fixtures are shallow, but no recursion). */
function pathsOf(root: JsonValue): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: { value: JsonValue; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    out.push(path);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i]!, path: [...path, i] });
    } else if (typeof value === "object" && value !== null)
      for (const key of Object.keys(value))
        stack.push({ value: value[key]!, path: [...path, key] });
  }
  return out;
}

/**
 * `wire` with one JSON value of each picked message replaced by hostile text: the message's
 * payload is parsed, one of its values (chosen by `pick`) becomes a placeholder, and the
 * placeholder's JSON is replaced by `text` in the written line. Lines that are not JSON stay.
 */
export function mutateWire(wire: string, picks: readonly number[], text: string): string {
  let n = 0;
  return wire.replace(/^(data: ?)(.*)$|^(\{.*\})$/gm, (line, prefix, sseData, ndjson) => {
    const data = (sseData ?? ndjson) as string;
    const pick = picks[n++ % Math.max(1, picks.length)];
    if (pick === undefined || pick % 3 === 0) return line;
    let value: JsonValue;
    try {
      value = parseJson(data) as JsonValue;
    } catch {
      return line;
    }
    const paths = pathsOf(value);
    const path = paths[pick % paths.length]!;
    if (path.length === 0) return `${prefix ?? ""}${text}`;
    let parent = value as Record<string | number, JsonValue>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, JsonValue>;
    parent[path[path.length - 1]!] = PLACEHOLDER;
    return `${prefix ?? ""}${JSON.stringify(value).replace(JSON.stringify(PLACEHOLDER), text)}`;
  });
}

/**
 * What hostile input must never break: decoding does not throw, every event is valid in the
 * model, the stream ends with exactly one `end`, and accumulating the events and encoding them
 * into every dialect (and decoding that again) does not throw either. Throws a plain `Error`
 * (usable from tests and from `pnpm fuzz`).
 */
export function checkSurvives(
  dialect: AnyDialect,
  bytes: string | Uint8Array,
  targets: readonly AnyDialect[],
): void {
  const events = decodeAll(bytes, dialect);
  for (const event of events) parseStreamEvent(event);
  const ends = events.filter((e) => e.type === "end").length;
  if (ends !== 1) throw new Error(`${dialect.name}: ${ends} end events, not one`);
  if (events[events.length - 1]?.type !== "end")
    throw new Error(`${dialect.name}: the last event is ${events[events.length - 1]?.type}`);
  accumulate(events);
  for (const target of targets) decodeAll(encodeAll(events, target), target);
}

/** One edit of a wire's bytes: delete, insert or replace a run at an offset (as fractions). */
export interface ByteEdit {
  at: number;
  length: number;
  kind: "delete" | "insert" | "replace";
  bytes: Uint8Array;
}

export const arbitraryByteEdits: fc.Arbitrary<ByteEdit[]> = fc.array(
  fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.nat({ max: 64 }),
    kind: fc.constantFrom("delete", "insert", "replace"),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 16 }),
      fc
        .constantFrom(
          "\n",
          "\r",
          "\n\n",
          "data: ",
          "event: ",
          ": x\n",
          "{",
          "}",
          '"',
          "\\",
          "[DONE]",
        )
        .map((t) => new TextEncoder().encode(t)),
    ),
  }),
  { minLength: 1, maxLength: 6 },
);

/** `wire` with `edits` applied in order: a fixture damaged the way a broken link damages it. */
export function applyByteEdits(wire: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let out = wire;
  for (const edit of edits) {
    const at = Math.min(out.length, Math.floor(edit.at * out.length));
    const end = edit.kind === "insert" ? at : Math.min(out.length, at + edit.length);
    const inserted = edit.kind === "delete" ? new Uint8Array(0) : edit.bytes;
    const next = new Uint8Array(at + inserted.length + (out.length - end));
    next.set(out.subarray(0, at), 0);
    next.set(inserted, at);
    next.set(out.subarray(end), at + inserted.length);
    out = next;
  }
  return out;
}

/**
 * Nothing received before damage is lost: the events a decoder emits while reading the bytes
 * `damaged` shares with `original` (before the first byte that differs) begin the events of the
 * whole damaged stream, unchanged.
 */
export function checkKeepsWhatCameBefore(
  dialect: AnyDialect,
  original: Uint8Array,
  damaged: Uint8Array,
): void {
  let same = 0;
  const shorter = Math.min(original.length, damaged.length);
  while (same < shorter && original[same] === damaged[same]) same++;
  const before: StreamEvent[] = [];
  createStreamDecoder(dialect, (event) => before.push(event)).push(damaged.subarray(0, same));
  const all = decodeAll(damaged, dialect);
  for (let i = 0; i < before.length; i++) {
    if (!jsonEqual(all[i] as JsonValue | undefined, before[i] as JsonValue))
      throw new Error(
        `${dialect.name}: event ${i} of the first ${same} undamaged bytes was ${JSON.stringify(before[i])}, the damaged stream gave ${JSON.stringify(all[i])}`,
      );
  }
}

/**
 * The survival properties of a dialect (arbitrary bytes; its fixtures with hostile JSON values in
 * any field; its fixtures with byte-level damage), each checked by {@link checkSurvives} into
 * every target (damaged fixtures also by {@link checkKeepsWhatCameBefore}). The conformance
 * suite runs them briefly; `pnpm fuzz` runs them long.
 */
export function survivalProperties(
  dialect: AnyDialect,
  fixtures: readonly Uint8Array[],
  targets: readonly AnyDialect[],
): { name: string; property: fc.IProperty<unknown[]> }[] {
  const texts = fixtures.map((bytes) => new TextDecoder().decode(bytes));
  const last = Math.max(0, fixtures.length - 1);
  return [
    {
      name: "arbitrary bytes",
      property: fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        checkSurvives(dialect, bytes, targets);
      }),
    },
    {
      name: "hostile values in every field of its fixtures",
      property: fc.property(
        fc.nat({ max: last }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        hostileJsonText,
        (which, picks, text) => {
          checkSurvives(dialect, mutateWire(texts[which] ?? "", picks, text), targets);
        },
      ),
    },
    {
      name: "byte-level damage to its fixtures",
      property: fc.property(fc.nat({ max: last }), arbitraryByteEdits, (which, edits) => {
        const original = fixtures[which] ?? new Uint8Array(0);
        const damaged = applyByteEdits(original, edits);
        checkSurvives(dialect, damaged, targets);
        checkKeepsWhatCameBefore(dialect, original, damaged);
      }),
    },
  ];
}
