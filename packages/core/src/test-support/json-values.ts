import fc from "fast-check";
import type { JsonValue } from "../events/stream-event.js";

/** Strings with what JSON escapes (quotes, backslashes, control characters) and its structure. */
export const escapedText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({
    unit: fc.constantFrom("\\", '"', "\n", "\t", "\u0001", "a", "é", "/", "{", "]", ":"),
    maxLength: 4,
  }),
);

/**
 * Any JSON value, shallow, with object keys from `keys` (as own data properties, `__proto__`
 * included) and strings from {@link escapedText}.
 */
export function jsonValues(keys: fc.Arbitrary<string>): fc.Arbitrary<JsonValue> {
  return fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(null, true, false, 0, -1.5e-7, 1e21, 123456789),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      escapedText,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.array(fc.tuple(keys, tie("value")), { maxLength: 4 }).map((entries) => {
        const object: { [key: string]: JsonValue } = {};
        for (const [key, value] of entries)
          Object.defineProperty(object, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        return object;
      }),
    ),
  })).value;
}
