import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance, suggestClosest } from "./suggest-closest.js";

describe("suggestClosest", () => {
  const flags = ["from", "to", "help", "upstream", "max-body", "max-connections"];

  it.each([
    ["form", "from"], // a transposition is one edit
    ["frm", "from"],
    ["fron", "from"],
    ["t", "to"], // a unique prefix
    ["ups", "upstream"],
    ["upstrem", "upstream"],
    ["max-conections", "max-connections"],
    ["hlep", "help"],
  ])("suggests --%s → --%s", (typed, expected) => {
    expect(suggestClosest(typed, flags)).toBe(expected);
  });

  it.each(["xyz", "output", "max", "", "verbose"])("suggests nothing for %j", (typed) => {
    expect(suggestClosest(typed, flags)).toBeUndefined();
  });

  it("measures the edit distance as a metric that counts a swap as one edit", () => {
    expect(editDistance("form", "from")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});
