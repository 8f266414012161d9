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

/** How deep {@link hasNonFiniteNumber} recurses before it walks the rest with a stack. */
const RECURSION_DEPTH = 32;

/**
 * Whether a parsed JSON value holds a number JSON cannot carry: `JSON.parse("1e400")` is
 * `Infinity`, which `JSON.stringify` writes as `null`, so the value would change on its way
 * through. The decoding engine asks it of every event that carries provider data, so the common
 * shallow value is walked by recursion (no allocation); past a few levels the rest is walked
 * with a stack, so no depth overflows the call stack.
 */
export function hasNonFiniteNumber(value: JsonValue | undefined): boolean {
  return someNumber(value, isNonFinite, 0);
}

/**
 * Whether `JSON.stringify` of a parsed JSON value may write one of its numbers other than the
 * wire did: one past a double's range (`1e400`, written `null`), or a whole number past 2^53,
 * which a double rounds (`12345678901234567890` comes back `12345678901234567000`: an id in a
 * tool call's arguments, say).
 */
export function hasInexactNumber(value: JsonValue | undefined): boolean {
  return someNumber(value, isInexact, 0);
}

function isNonFinite(n: number): boolean {
  return !Number.isFinite(n);
}

function isInexact(n: number): boolean {
  return !Number.isFinite(n) || (Number.isInteger(n) && Math.abs(n) > Number.MAX_SAFE_INTEGER);
}

function someNumber(
  value: JsonValue | undefined,
  test: (n: number) => boolean,
  depth: number,
): boolean {
  if (typeof value === "number") return test(value);
  if (typeof value !== "object" || value === null) return false;
  if (depth === RECURSION_DEPTH) return someNumberByStack(value, test);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (someNumber(value[i], test, depth + 1)) return true;
    return false;
  }
  for (const key in value) if (someNumber(value[key], test, depth + 1)) return true;
  return false;
}

function someNumberByStack(value: JsonValue, test: (n: number) => boolean): boolean {
  const stack: (JsonValue | undefined)[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "number") {
      if (test(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (typeof v === "object" && v !== null) {
      for (const key of Object.keys(v)) stack.push(v[key]);
    }
  }
  return false;
}
