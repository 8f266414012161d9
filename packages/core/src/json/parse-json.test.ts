import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../events/stream-event.js";
import { escapedText, jsonValues } from "../test-support/json-values.js";
import { hasEscapedKey, parseJson, parseStrict } from "./parse-json.js";

const json = jsonValues(fc.oneof(escapedText, fc.constantFrom("__proto__", "0", "10", "a")));
/** JSON text as JSON.stringify writes it, or indented, or with whitespace around every token. */
const written = fc.tuple(json, fc.constantFrom(0, 2, "\t", "spaced")).map(([value, space]) => ({
  value,
  text:
    space === "spaced"
      ? ` \r\n${JSON.stringify(value, null, 1).replace(/\n/g, "\n\t \r")}\n `
      : JSON.stringify(value, null, space),
}));

/** Whether a value has an object key that JSON writes with an escape. */
function escapedKeyIn(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(escapedKeyIn);
  if (value === null || typeof value !== "object") return false;
  return Object.keys(value).some(
    (key) => JSON.stringify(key).includes("\\") || escapedKeyIn(value[key]!),
  );
}

describe("parseJson", () => {
  it("reads escaped keys right after V8's key cache saw a key with a backslash (nodejs/node#63785)", () => {
    // On Node 24 the second JSON.parse gives the key "\\"; Node 20 reads it right either way.
    JSON.parse('{"x":{"\\\\":1}}');
    expect(Object.keys((parseJson('{"x":{"\\n":1}}') as { x: object }).x)).toEqual(["\n"]);
    JSON.parse('{"h":[],"\\\\":0}');
    expect(Object.keys(parseJson('{"h":1,"\\"":2}') as object)).toEqual(["h", '"']);
    JSON.parse('{"b\\\\":0}');
    expect(Object.keys(parseJson('{"b\\t":0}') as object)).toEqual(["b\t"]);
  });

  it("builds the value JSON.stringify wrote, keys with escapes and __proto__ included (property)", () => {
    fc.assert(
      fc.property(written, ({ value, text }) => {
        expect(parseStrict(text)).toStrictEqual(value);
        expect(parseJson(text)).toStrictEqual(value);
        const parsed = parseStrict(text);
        if (parsed !== null && typeof parsed === "object")
          expect(Object.getPrototypeOf(parsed)).toBe(
            Array.isArray(parsed) ? Array.prototype : Object.prototype,
          );
      }),
      { numRuns: 500 },
    );
  });

  it("tells texts with an escaped key from the rest (property)", () => {
    fc.assert(
      fc.property(written, ({ value, text }) => {
        expect(hasEscapedKey(text)).toBe(escapedKeyIn(value));
      }),
      { numRuns: 500 },
    );
  });

  it("tells them apart past a long string full of escaped quotes too (the search from the keys' side)", () => {
    // A string with more escaped quotes than hasEscapedKey steps over, before, inside or after
    // the value: the rest of the text is searched from its colons.
    const long = '"q\\" '.repeat(40);
    fc.assert(
      fc.property(
        written,
        fc.constantFrom("before", "inside", "after"),
        ({ value, text }, where) => {
          const doc =
            where === "before"
              ? `[{"pad":${JSON.stringify(long)}},${text}]`
              : where === "after"
                ? `[${text},{"pad":${JSON.stringify(long)}}]`
                : `{"pad":${JSON.stringify(long)},"v":${text},"x\\ty":0}`;
          expect(hasEscapedKey(doc)).toBe(where === "inside" || escapedKeyIn(value));
        },
      ),
      { numRuns: 500 },
    );
    expect(hasEscapedKey(`{"a":${JSON.stringify(long)},"b":"c:d","e":"\\":"}`)).toBe(false);
    expect(hasEscapedKey(`{"a":${JSON.stringify(long)},"b" : 1,"c\\"d" :2}`)).toBe(true);
  });

  it("rejects what JSON.parse rejects, and reads the rest as it does (property)", () => {
    const damaged = fc
      .tuple(
        written,
        fc.nat(),
        fc.nat(),
        fc.constantFrom(
          "",
          ",",
          "]",
          "}",
          '"',
          "\\",
          ":",
          "0",
          "-",
          ".",
          "e",
          " ",
          "\u0001",
          "tru",
          "nul",
        ),
      )
      .map(([{ text }, at, cut, insert]) => {
        const from = at % (text.length + 1);
        return `${text.slice(0, from)}${insert}${text.slice(from + (cut % 3))}`;
      });
    fc.assert(
      fc.property(damaged, (text) => {
        let expected: { value: unknown } | undefined;
        try {
          expected = { value: JSON.parse(text) };
        } catch {
          expected = undefined;
        }
        if (expected === undefined) expect(() => parseStrict(text)).toThrow(SyntaxError);
        else if (!hasEscapedKey(text)) expect(parseStrict(text)).toStrictEqual(expected.value);
        else parseStrict(text); // JSON.parse may have read a key wrong: only its validity counts.
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects the texts at the edges of JSON's grammar", () => {
    for (const bad of [
      "",
      " ",
      "01",
      "1.",
      ".5",
      "+1",
      "-",
      "1e",
      "[1,]",
      '{"a":1,}',
      "{,}",
      '{"a"}',
      '{"a" 1}',
      "[1 2]",
      "nul",
      "truex",
      '"\\x"',
      '"a\u0001"',
      '"\\u12"',
      "1 2",
      "{'a':1}",
      '{"\\n":1',
      "[",
      "]",
    ])
      expect(() => parseStrict(bad), bad).toThrow(SyntaxError);
    for (const good of [
      "0",
      "-0",
      "1e400",
      "[]",
      "{}",
      ' {"\\n" : [ 1 , { } ] } ',
      '"\\u00e9\\ud83d\\ude00"',
      '{"a":1,"a":2,"\\u0061":3}',
    ])
      expect(
        Object.is(parseStrict(good), JSON.parse(good)) ||
          JSON.stringify(parseStrict(good)) === JSON.stringify(JSON.parse(good)),
        good,
      ).toBe(true);
    expect(Object.is(parseStrict("-0"), -0)).toBe(true);
  });

  it("reads a text nested 100 000 deep without overflowing the stack", () => {
    const deep = `${'{"\\n":['.repeat(100_000)}1${"]}".repeat(100_000)}`;
    let value = parseJson(deep);
    for (let depth = 0; depth < 100_000; depth++)
      value = (value as { "\n": JsonValue[] })["\n"][0]!;
    expect(value).toBe(1);
  });
});
