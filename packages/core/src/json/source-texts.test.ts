import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../events/stream-event.js";
import { escapedText, jsonValues } from "../test-support/json-values.js";
import { hasInexactNumber } from "./own-fields.js";
import { parseJson } from "./parse-json.js";
import { EACH, SourceTexts, sourceSpans } from "./source-texts.js";

/** Any JSON value, with keys the path looks for among the others. */
const json = jsonValues(fc.oneof(escapedText, fc.constantFrom("a", "b")));

/** `value` as JSON with `space` around every token (or none). */
function write(value: JsonValue, space: string): string {
  if (Array.isArray(value))
    return `[${space}${value.map((v) => write(v, space)).join(`${space},${space}`)}${space}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.keys(value).map(
      (key) => `${JSON.stringify(key)}${space}:${space}${write(value[key]!, space)}`,
    );
    return `{${space}${members.join(`${space},${space}`)}${space}}`;
  }
  return JSON.stringify(value);
}

describe("sourceSpans", () => {
  it("finds each value at the path as written, and only those", () => {
    const text = '{"x":{"a":[{"b":9}]},"a":[{"c":{"b":1}},{"b":2},3,{"b" : [ 4 ,5] }],"b":6}';
    const spans = sourceSpans(text, ["a", EACH, "b"]);
    const list = text.indexOf("[ 4");
    expect(spans).toEqual([1, text.indexOf("2}"), text.indexOf("2}") + 1, 3, list, list + 7]);
  });

  it("answers undefined where it cannot be sure: an escaped key, a duplicate key, not JSON", () => {
    expect(sourceSpans('{"a":[{"\\u0062":1}]}', ["a", EACH, "b"])).toBeUndefined();
    expect(sourceSpans('{"a":[{"b":1,"b":2}]}', ["a", EACH, "b"])).toBeUndefined();
    expect(sourceSpans('{"a":[{"b":1}],"a":[]}', ["a", EACH, "b"])).toBeUndefined();
    expect(sourceSpans('{"a":[{"b":1}', ["a", EACH, "b"])).toBeUndefined();
    expect(sourceSpans('{"a":[{"b":1}]} x', ["a", EACH, "b"])).toBeUndefined();
    // An escape in a key of an object the path does not cross, or in a value, changes nothing.
    const doc = '{"x":{"\\n":{"\\"":1}},"a":[{"b":"\\"}"}]}';
    expect(sourceSpans(doc, ["a", EACH, "b"])).toEqual([0, doc.length - 8, doc.length - 3]);
  });

  it("gives what JSON.parse gives at the path, for any JSON and spacing", () => {
    const element = fc.oneof(json, fc.record({ b: json }), fc.record({ c: json, b: json }));
    fc.assert(
      fc.property(
        json,
        fc.array(element, { maxLength: 4 }),
        json,
        fc.constantFrom("", " ", "\n  ", "\t\r\n"),
        (before, elements, after, space) => {
          const doc = write({ before, a: elements, after }, space);
          const spans = sourceSpans(doc, ["a", EACH, "b"]);
          const walked = elements.flatMap((e) =>
            e !== null && typeof e === "object" && !Array.isArray(e) ? Object.keys(e) : [],
          );
          if (walked.some((key) => JSON.stringify(key).includes("\\"))) return;
          expect(spans).toBeDefined();
          const found = new Map<number, JsonValue>();
          for (let i = 0; i < spans!.length; i += 3)
            found.set(spans![i]!, parseJson(doc.slice(spans![i + 1], spans![i + 2])));
          const parsed = parseJson(doc) as { a: JsonValue[] };
          const expected = new Map<number, JsonValue>();
          parsed.a.forEach((e, i) => {
            if (e !== null && typeof e === "object" && !Array.isArray(e) && Object.hasOwn(e, "b"))
              expected.set(i, e.b!);
          });
          expect(found).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("walks a long text once (a value many megabytes long, keys after it)", () => {
    const big = `"${'x\\"'.repeat(1_000_000)}"`;
    const doc = `{"a":[${`{"z":${big},"b":1},`.repeat(3)}{"b":2}]}`;
    expect(sourceSpans(doc, ["a", EACH, "b"])?.length).toBe(12);
  });
});

describe("SourceTexts", () => {
  const path = ["message", "tool_calls", EACH, "function", "arguments"] as const;

  it("writes arguments with JSON.stringify unless that changes a number", () => {
    const texts = new SourceTexts(path);
    const line =
      '{"message":{"tool_calls":[{"function":{"arguments":{ "a" : 1.50 }}},' +
      '{"function":{"arguments":{"id":12345678901234567890,"big":1e400,"n":[1, 2]}}}]}}';
    const value = parseJson(line) as {
      message: { tool_calls: { function: { arguments: JsonValue } }[] };
    };
    const calls = value.message.tool_calls;
    texts.reset(line);
    expect(texts.json(calls[0]!.function.arguments, 0)).toBe('{"a":1.5}');
    expect(texts.json(calls[1]!.function.arguments, 1)).toBe(
      '{"id":12345678901234567890,"big":1e400,"n":[1, 2]}',
    );
    // Asked out of order, and again.
    expect(texts.json(calls[1]!.function.arguments, 1)).toContain("12345678901234567890");
    expect(texts.json(calls[1]!.function.arguments, 0)).toBe('{ "a" : 1.50 }');
  });

  it("falls back to JSON.stringify where the wire's text cannot be told, and forgets on reset", () => {
    const texts = new SourceTexts(path);
    const escaped = '{"message":{"tool_calls":[{"function":{"\\u0061rguments":{"id":1e400}}}]}}';
    texts.reset(escaped);
    expect(texts.json({ id: Number.POSITIVE_INFINITY }, 0)).toBe('{"id":null}');
    texts.reset('{"message":{"tool_calls":[{"function":{"arguments":{"id":2e400}}}]}}');
    expect(texts.json({ id: Number.POSITIVE_INFINITY }, 0)).toBe('{"id":2e400}');
  });

  it("takes a path across one or two arrays", () => {
    expect(() => new SourceTexts(["a"])).toThrow(RangeError);
    expect(() => new SourceTexts([EACH, EACH, EACH])).toThrow(RangeError);
    const texts = new SourceTexts(["c", EACH, "p", EACH, "a"]);
    const doc = '{"c":[{"p":[{"a":1},{"a":9007199254740993}]},{"p":[{"a":1e999}]}]}';
    texts.reset(doc);
    expect(texts.json(Number.POSITIVE_INFINITY, 1, 0)).toBe("1e999");
    expect(texts.json(9007199254740992, 0, 1)).toBe("9007199254740993");
  });
});

describe("hasInexactNumber", () => {
  it("is true for a number JSON.stringify writes other than the wire did", () => {
    expect(hasInexactNumber(parseJson('{"a":[1,2.5,"12345678901234567890"]}'))).toBe(false);
    expect(hasInexactNumber(parseJson('{"a":[1,{"id":12345678901234567890}]}'))).toBe(true);
    expect(hasInexactNumber(parseJson('{"a":-1e400}'))).toBe(true);
    expect(hasInexactNumber(parseJson(`${"[".repeat(100)}1e400${"]".repeat(100)}`))).toBe(true);
    expect(hasInexactNumber(Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});
