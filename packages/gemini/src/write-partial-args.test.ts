import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PartialArgsWriter, parseJsonPath } from "./write-partial-args.js";

type Leaf = string | number | boolean | null;
type Value = Leaf | Value[] | { [key: string]: Value };

/** Writes `pieces` and returns the text, or throws on a refused piece. */
function written(pieces: readonly object[]): string {
  const writer = new PartialArgsWriter();
  let text = "";
  for (const piece of pieces) {
    const result = writer.write(piece as never);
    if ("error" in result) throw new Error(result.error);
    text += result.text;
  }
  return text + writer.finish();
}

/** A JSON path step as RFC 9535 writes it: `.name` when it can, `['name']` otherwise. */
const step = (segment: string | number, bracket: boolean) =>
  typeof segment === "number"
    ? `[${segment}]`
    : bracket || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)
      ? `[${JSON.stringify(segment)}]`
      : `.${segment}`;

/**
 * The `partialArgs` a model streams for `value`: its leaves in document order, each string cut
 * in pieces at `cuts` (continued with `willContinue`). Empty objects and arrays have no leaf, so
 * the generator below leaves them out.
 */
function piecesOf(value: Value, cuts: readonly number[], bracket: boolean): object[] {
  const out: object[] = [];
  let cut = 0;
  const walk = (v: Value, path: string) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i]!, path + step(i, bracket));
    } else if (v !== null && typeof v === "object")
      for (const [key, item] of Object.entries(v)) walk(item, path + step(key, bracket));
    else if (typeof v === "string") {
      const at = v.length === 0 ? 0 : (cuts[cut++ % Math.max(cuts.length, 1)] ?? 0) % v.length;
      if (at > 0) out.push({ jsonPath: path, stringValue: v.slice(0, at), willContinue: true });
      out.push({ jsonPath: path, stringValue: v.slice(at) });
    } else if (typeof v === "number") out.push({ jsonPath: path, numberValue: v });
    else if (typeof v === "boolean") out.push({ jsonPath: path, boolValue: v });
    else out.push({ jsonPath: path, nullValue: "NULL_VALUE" });
  };
  walk(value, "$");
  return out;
}

const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { minLength: 1, maxLength: 4 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie("value"), {
      minKeys: 1,
      maxKeys: 4,
    }),
  ),
}));
const args = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), value, {
  minKeys: 1,
  maxKeys: 5,
});

describe("PartialArgsWriter", () => {
  it("writes Vertex AI's example: a string in two pieces, then a number", () => {
    expect(
      written([
        { jsonPath: "$.location", stringValue: "Boston", willContinue: true },
        { jsonPath: "$.location", stringValue: ", MA" },
        { jsonPath: "$.brightness", numberValue: 50 },
      ]),
    ).toBe('{"location":"Boston, MA","brightness":50}');
  });

  it("opens and closes nested objects and arrays as the paths go", () => {
    expect(
      written([
        { jsonPath: "$.trip.stops[0].city", stringValue: "Oslo" },
        { jsonPath: "$.trip.stops[0].nights", numberValue: 2 },
        { jsonPath: "$.trip.stops[1].city", stringValue: "Bergen" },
        { jsonPath: "$.trip['the end']", nullValue: "NULL_VALUE" },
        { jsonPath: "$.ok", boolValue: true },
      ]),
    ).toBe(
      '{"trip":{"stops":[{"city":"Oslo","nights":2},{"city":"Bergen"}],"the end":null},"ok":true}',
    );
  });

  it("writes `{}` for a call that streamed no argument", () => {
    expect(written([])).toBe("{}");
  });

  it("refuses a path that goes back, repeats a member or skips an element, and stays valid JSON", () => {
    const writer = new PartialArgsWriter();
    let text = "";
    const write = (piece: object) => {
      const result = writer.write(piece as never);
      if ("text" in result) text += result.text;
      return "error" in result ? result.error : undefined;
    };
    expect(write({ jsonPath: "$.a.b", numberValue: 1 })).toBeUndefined();
    expect(write({ jsonPath: "$.c", stringValue: "x", willContinue: true })).toBeUndefined();
    expect(write({ jsonPath: "$.a.d", numberValue: 2 })).toMatch(/out of order/);
    expect(write({ jsonPath: "$.c", numberValue: 3 })).toMatch(/stringValue/);
    expect(write({ jsonPath: "$.list[1]", numberValue: 3 })).toMatch(/out of order/);
    expect(write({ jsonPath: "$[0]", numberValue: 3 })).toMatch(/does not fit/);
    expect(write({ jsonPath: "$.e" })).toMatch(/no stringValue/);
    expect(write({ jsonPath: "a.b", numberValue: 1 })).toMatch(/start with \$/);
    expect(JSON.parse(text + writer.finish())).toEqual({ a: { b: 1 }, c: "x" });
  });

  it("writes any arguments streamed leaf by leaf, strings in pieces, back to the same object", () => {
    fc.assert(
      fc.property(args, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (object, cuts, b) => {
        expect(JSON.parse(written(piecesOf(object, cuts, b)))).toEqual(object);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseJsonPath", () => {
  it("reads the dot, bracket-name and index steps of RFC 9535's normalized paths", () => {
    expect(parseJsonPath("$.foo.bar[0].data")).toEqual(["foo", "bar", 0, "data"]);
    expect(parseJsonPath('$[\'a.b\']["c\\"d"][12]')).toEqual(["a.b", 'c"d', 12]);
    expect(parseJsonPath("$")).toEqual([]);
  });

  it("refuses what is not a path to one value", () => {
    for (const bad of ["", "foo", "$.", "$[", "$[01]", "$[-1]", "$[*]", "$..a", "$['a'", "$x"]) {
      expect(typeof parseJsonPath(bad)).toBe("string");
    }
  });
});
