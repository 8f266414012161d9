import type { JsonObject, JsonValue } from "../events/stream-event.js";

/**
 * Sets `target[key] = value` as an own data property, whatever the key. `JSON.parse` gives
 * `{"__proto__": …}` an own property of that name, but assigning it with `obj[key] = value`
 * (or `Object.assign`, or a spread into a literal with that key) replaces the object's prototype
 * instead, so wire data could add or hide fields. Every object built from wire data is built
 * with this.
 *
 * @example
 * ```ts
 * const out: JsonObject = {};
 * setOwn(out, "__proto__", { total_tokens: 1 });
 * Object.keys(out); // ["__proto__"], and out.total_tokens is undefined
 * ```
 */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = value;
}

/** Copies `source`'s own fields onto `target` with {@link setOwn}; returns `target`. */
export function assignOwn(target: JsonObject, source: JsonObject): JsonObject {
  for (const key of Object.keys(source)) setOwn(target, key, source[key]!);
  return target;
}

/**
 * A number literal `JSON.parse` may turn into ±Infinity has a digit then an exponent of three
 * digits or more (`1e400`, `2.5E+0309`), or a run of 200 digits (with an exponent of at most two
 * digits, only a number of 209 digits or more reaches 1.8e308, the largest double). Two
 * expressions, the second only for text that long: one alternation tried at every digit cost
 * three times as much.
 */
const EXPONENT = /\d[eE][+-]?\d\d\d/;
const LONG_DIGITS = /\d{200}/;

/**
 * Whether JSON `text` may hold a number `JSON.parse` turns into ±Infinity (see
 * {@link hasNonFiniteNumber}). `false` means it holds none; `true` means parse it and look (a
 * string such as `"1e400"` also says `true`). One regular-expression scan of the text, far
 * cheaper than walking the parsed value: the decoding engine asks it of every message and walks
 * the values only of a stream where it said `true`.
 *
 * @example
 * ```ts
 * mayHoldNonFiniteNumber('{"created":1e400}'); // true
 * mayHoldNonFiniteNumber('{"created":1700000000}'); // false
 * ```
 */
export function mayHoldNonFiniteNumber(text: string): boolean {
  return EXPONENT.test(text) || (text.length >= 200 && LONG_DIGITS.test(text));
}

/**
 * Whether a parsed JSON value holds a number JSON cannot carry: `JSON.parse("1e400")` is
 * `Infinity`, which `JSON.stringify` writes as `null`, so the value would change on its way
 * through. Walked without recursion (the value may be deep).
 */
export function hasNonFiniteNumber(value: JsonValue | undefined): boolean {
  const stack: (JsonValue | undefined)[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (typeof v === "object" && v !== null) {
      for (const key of Object.keys(v)) stack.push(v[key]);
    }
  }
  return false;
}
