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
  return nonFiniteWithin(value, 0);
}

function nonFiniteWithin(value: JsonValue | undefined, depth: number): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (typeof value !== "object" || value === null) return false;
  if (depth === RECURSION_DEPTH) return nonFiniteByStack(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (nonFiniteWithin(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value) if (nonFiniteWithin(value[key], depth + 1)) return true;
  return false;
}

function nonFiniteByStack(value: JsonValue): boolean {
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
