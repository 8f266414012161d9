import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../events/stream-event.js";
import { hasNonFiniteNumber } from "./own-fields.js";

/** A JSON number literal of any size: up to 400 integer digits, a fraction, an exponent. */
const numberLiteral = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9][0-9]{0,399}$/)),
    fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: undefined }),
    fc.option(
      fc.tuple(
        fc.constantFrom("e", "E"),
        fc.constantFrom("", "+", "-"),
        fc.stringMatching(/^[0-9]{1,6}$/),
      ),
      {
        nil: undefined,
      },
    ),
  )
  .map(
    ([negative, int, fraction, exponent]) =>
      `${negative ? "-" : ""}${int}${fraction === undefined ? "" : `.${fraction}`}${exponent === undefined ? "" : exponent.join("")}`,
  );

describe("hasNonFiniteNumber: a number JSON cannot carry, anywhere in a value", () => {
  it("says true exactly when the value holds ±Infinity (JSON.stringify would write null)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), numberLiteral, (value, literal) => {
        const text = `{"n":[${literal}],"value":${JSON.stringify(value)}}`;
        const parsed = JSON.parse(text) as JsonValue;
        expect(hasNonFiniteNumber(parsed)).toBe(!Number.isFinite(JSON.parse(literal)));
      }),
      { numRuns: 2000 },
    );
  });

  it("catches the edge cases", () => {
    for (const text of [
      "1e309",
      "-1E+309",
      "2.5e0400",
      `${"9".repeat(309)}`,
      `${"9".repeat(250)}e60`,
    ]) {
      expect(hasNonFiniteNumber(JSON.parse(`{"a":${text}}`) as JsonValue)).toBe(true);
    }
    expect(hasNonFiniteNumber(JSON.parse('{"a":1e308,"b":"1e400"}') as JsonValue)).toBe(false);
  });

  it("finds one at any depth, without overflowing the stack", () => {
    for (const depth of [1, 31, 32, 33, 100, 100_000]) {
      let value: JsonValue = [Number.POSITIVE_INFINITY];
      for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { k: value } : [1, value];
      expect(hasNonFiniteNumber(value)).toBe(true);
      let clean: JsonValue = [1];
      for (let i = 0; i < depth; i++) clean = { k: clean };
      expect(hasNonFiniteNumber(clean)).toBe(false);
    }
  });

  it("finds one under a key named __proto__", () => {
    expect(hasNonFiniteNumber(JSON.parse('{"__proto__":{"n":1e999}}') as JsonValue)).toBe(true);
  });
});
