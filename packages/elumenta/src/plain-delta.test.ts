import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainDelta } from "./decode-elumenta.js";

const HEAD = '{"type":"content_delta","delta":';
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("a", " ", '"', "\\", "\n", "\u0001", "é", "🦀", "}", ",") }),
);

describe("plainDelta (the content_delta fast path)", () => {
  it("reads what JSON.parse reads, or leaves the data to JSON.parse", () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom("", ',"x":1', " "), (text, after) => {
        const data = `${HEAD}${JSON.stringify(text)}${after}}`;
        const fast = plainDelta(data);
        if (fast !== undefined)
          expect(JSON.parse(data)).toEqual({ type: "content_delta", delta: fast });
        // The canonical form of a text that needs no escape always takes the fast path.
        if (after === "" && JSON.stringify(text) === `"${text}"`) expect(fast).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("never accepts data JSON.parse would read differently or reject", () => {
    fc.assert(
      fc.property(anyText, (tail) => {
        const data = `${HEAD}"${tail}`;
        const fast = plainDelta(data);
        if (fast === undefined) return;
        expect(JSON.parse(data)).toEqual({ type: "content_delta", delta: fast });
      }),
      { numRuns: 2000 },
    );
    expect(plainDelta(`${HEAD}"a\\"b"}`)).toBeUndefined();
    expect(plainDelta(`${HEAD}"a","x":"b"}`)).toBeUndefined();
    expect(plainDelta(`${HEAD}"a\nb"}`)).toBeUndefined();
    expect(plainDelta(`${HEAD}"a"} `)).toBeUndefined();
    expect(plainDelta(`${HEAD}""}`)).toBe("");
  });
});
