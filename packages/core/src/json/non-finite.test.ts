import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../events/stream-event.js";
import { hasNonFiniteNumber, mayHoldNonFiniteNumber } from "./own-fields.js";

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

describe("mayHoldNonFiniteNumber: the pre-check on the wire text", () => {
  it("says true for every text whose parsed value holds ±Infinity", () => {
    fc.assert(
      fc.property(fc.jsonValue(), numberLiteral, (value, literal) => {
        const text = `{"n":[${literal}],"value":${JSON.stringify(value)}}`;
        const parsed = JSON.parse(text) as JsonValue;
        if (hasNonFiniteNumber(parsed)) expect(mayHoldNonFiniteNumber(text)).toBe(true);
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
      expect(Number.isFinite(JSON.parse(text))).toBe(false);
      expect(mayHoldNonFiniteNumber(`{"a":${text}}`)).toBe(true);
    }
  });

  it("says false for an ordinary chunk", () => {
    const chunk =
      '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"1e30 is big"},"logprobs":null,"finish_reason":null}]}';
    expect(mayHoldNonFiniteNumber(chunk)).toBe(false);
  });
});
