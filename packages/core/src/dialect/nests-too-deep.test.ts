import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, nestsTooDeep } from "./parse-json-data.js";

/** The depth check as a loop over every character: what the fast one must agree with. */
function nestsTooDeepByCharacter(text: string): boolean {
  if (text.length <= 2 * MAX_JSON_DEPTH) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === "}" || c === "]") depth--;
  }
  return false;
}

describe("nestsTooDeep", () => {
  it("counts brackets outside strings only, whatever the escapes (property)", () => {
    const piece = fc.oneof(
      fc.constantFrom("[", "{", "]", "}", '"', "\\", '\\"', "\\\\", "a", ","),
      fc.string({ maxLength: 3 }),
      fc.constantFrom("[".repeat(MAX_JSON_DEPTH), '"'.concat("[".repeat(MAX_JSON_DEPTH))),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), (pieces) => {
        const text = pieces.join("");
        expect(nestsTooDeep(text)).toBe(nestsTooDeepByCharacter(text));
      }),
      { numRuns: 500 },
    );
  });

  it("skips long strings, escaped quotes and backslashes included", () => {
    const deep = "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1);
    const inString = JSON.stringify({ text: `x\\"${deep}\\\\` });
    expect(nestsTooDeep(inString)).toBe(false);
    expect(nestsTooDeep(`{"a":"\\\\",${deep.slice(1)}`)).toBe(true);
    expect(nestsTooDeep(deep)).toBe(true);
  });
});
