import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonStringBody } from "./json-string-body.js";

describe("jsonStringBody", () => {
  it("is what JSON.stringify writes between the quotes, for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(`"${jsonStringBody(text)}"`).toBe(JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("escapes quotes, backslashes, control characters and lone surrogates", () => {
    expect(jsonStringBody('a"b\\c\n\u0001')).toBe('a\\"b\\\\c\\n\\u0001');
    expect(jsonStringBody("\ud83c")).toBe("\\ud83c");
    expect(jsonStringBody("x\udf0dy")).toBe("x\\udf0dy");
    expect(jsonStringBody("🌍 ok")).toBe("🌍 ok");
  });
});
