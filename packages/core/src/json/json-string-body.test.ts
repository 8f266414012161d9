import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonStringBody } from "./json-string-body.js";

describe("jsonStringBody", () => {
  it("is what JSON.stringify writes between its quotes, for any string", () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: anyUnit })), (text) => {
        expect(jsonStringBody(text)).toBe(JSON.stringify(text).slice(1, -1));
      }),
      { numRuns: 1000 },
    );
    for (const text of ['a"b', "a\\b", "\n", "\u0000", "\ud83e", "\udd80x", "🦀", "日本"])
      expect(jsonStringBody(text)).toBe(JSON.stringify(text).slice(1, -1));
  });
});
