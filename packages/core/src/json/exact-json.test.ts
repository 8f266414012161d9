import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { JsonValue } from "../events/stream-event.js";
import { escapedText, jsonValues } from "../test-support/json-values.js";
import { compactJson, ExactJson, LONG_STRING, LongStrings } from "./exact-json.js";
import { hasInexactNumber } from "./own-fields.js";
import { parseJson } from "./parse-json.js";

const values = jsonValues(fc.oneof(escapedText, fc.constantFrom("id", "n")));

/** `value` as JSON with `space` after every token, and whole numbers past 2^53 as `digits`. */
function spaced(value: JsonValue, space: string, digits: string): string {
  if (Array.isArray(value))
    return `[${value.map((v) => spaced(v, space, digits)).join(`,${space}`)}]`;
  if (value !== null && typeof value === "object")
    return `{${space}${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}:${space}${spaced(value[key]!, space, digits)}`)
      .join(`,${space}`)}${space}}`;
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) > 2 ** 53)
    return digits;
  return JSON.stringify(value);
}

/** Strings taken out, so that what is left is the text's structure and spacing. */
function outsideStrings(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

describe("compactJson", () => {
  it("leaves out the spaces outside strings and nothing else", () => {
    fc.assert(
      fc.property(values, fc.constantFrom("", " ", "\n  ", "\r\n\t"), (value, space) => {
        const text = spaced(value, space, "1e21");
        const compact = compactJson(text);
        expect(/\s/.test(outsideStrings(compact))).toBe(false);
        expect(parseJson(compact)).toEqual(parseJson(text));
        if (space === "") expect(compact).toBe(text);
      }),
      { numRuns: 300 },
    );
    expect(compactJson('{ "a b" : [ 1 ,\n "\\" c" ] }')).toBe('{"a b":[1,"\\" c"]}');
  });
});

describe("ExactJson", () => {
  it("writes a value JSON.stringify would change with the text's own digits", () => {
    const exact = new ExactJson();
    const args = '{"order_id": 12345678901234567890,\n "amount": 19.90, "big": 1e400}';
    const line = {
      message: { tool_calls: [{ function: { arguments: exact.value(args, parseJson(args)) } }] },
      done: false,
    };
    expect(exact.stringify(line)).toBe(
      '{"message":{"tool_calls":[{"function":{"arguments":{"order_id":12345678901234567890,"amount":19.90,"big":1e400}}}]},"done":false}',
    );
    // A placeholder is good for one stringify: the next one writes what it is given.
    expect(exact.stringify({ a: 1 })).toBe('{"a":1}');
  });

  it("gives back a value JSON.stringify writes as it is, and costs nothing then", () => {
    const exact = new ExactJson();
    const value = parseJson('{"a": 1.5, "id": 9007199254740991}');
    expect(exact.value('{"a": 1.5, "id": 9007199254740991}', value)).toBe(value);
  });

  it("writes every value in any object, each in its place, and wire text that looks alike as it is", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(values, fc.constantFrom("", " ", "\n")), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(
          "12345678901234567890",
          "-98765432109876543210",
          "1e400",
          "9007199254740993",
        ),
        (entries, digits) => {
          const exact = new ExactJson();
          const texts = entries.map(([value, space]) =>
            spaced({ id: value, n: 2 ** 60 }, space, digits),
          );
          const placed = texts.map((text) => exact.value(text, parseJson(text)));
          // A string from the wire shaped like a placeholder, with another tag.
          const lookalike = "\u0000ffffffffffffffff:0";
          const json = exact.stringify({ calls: placed, lookalike });
          const written = parseJson(json) as { calls: JsonValue[]; lookalike: string };
          expect(written.lookalike).toBe(lookalike);
          texts.forEach((text, i) => {
            expect(written.calls[i]).toEqual(parseJson(text));
            expect(hasInexactNumber(parseJson(text))).toBe(true);
            expect(json).toContain(compactJson(text));
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("LongStrings", () => {
  it("writes what JSON.stringify writes, escaping each long string once", () => {
    // Long strings made of texts that need escapes, at any place of any value.
    const long = fc
      .tuple(escapedText, fc.integer({ min: 0, max: 3 }))
      .map(([text, extra]) => `${text}"\\\n`.repeat(Math.ceil(LONG_STRING / 4)).slice(extra));
    fc.assert(
      fc.property(
        fc.array(jsonValues(fc.oneof(escapedText, long)), { minLength: 1, maxLength: 3 }),
        (values) => {
          const strings = new LongStrings();
          for (const value of values) expect(strings.stringify(value)).toBe(JSON.stringify(value));
          // Again, from what was escaped before; and a look-alike of a placeholder as it is.
          const again = { values, lookalike: "\u0000ffffffffffffffff:0" };
          expect(strings.stringify(again)).toBe(JSON.stringify(again));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("writes more long strings than it remembers, of one length, as JSON.stringify does", () => {
    // Same length, same long prefix: the shape that would crowd one hash bucket.
    const texts = Array.from(
      { length: 20 },
      (_, i) => `${'"x'.repeat(LONG_STRING)}${i % 10}${i < 10 ? "a" : "b"}`,
    );
    const strings = new LongStrings();
    const value = { output: texts.map((text) => ({ text, again: text })) };
    expect(strings.stringify(value)).toBe(JSON.stringify(value));
    expect(strings.stringify({ last: texts.slice(-3) })).toBe(
      JSON.stringify({ last: texts.slice(-3) }),
    );
  });

  it("escapes a long string once however often it is written", () => {
    const text = `"${"é\\".repeat(LONG_STRING)}"`;
    const strings = new LongStrings();
    const spy = vi.spyOn(JSON, "stringify");
    let escaped = 0;
    try {
      const event = { type: "done", text, part: { text }, item: { content: [{ text }] } };
      strings.stringify(event);
      strings.stringify({ response: { output: [event] } });
      escaped = spy.mock.calls.filter(([value]) => value === text).length;
    } finally {
      spy.mockRestore();
    }
    expect(escaped).toBe(1);
  });
});
