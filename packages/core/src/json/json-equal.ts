import type { JsonValue } from "../events/stream-event.js";

/**
 * Deep equality of two JSON values (key order ignored). Decoders use it to tell whether provider
 * data repeats what they reported last (OpenAI's unknown top-level fields, Gemini's cumulative
 * usage, a Responses item): fresh objects on every message, so identity says nothing. Values are
 * parsed by `parseJsonData`, so their depth is bounded.
 *
 * @example
 * ```ts
 * jsonEqual({ a: [1, 2], b: null }, { b: null, a: [1, 2] }); // true
 * ```
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let count = 0;
  for (const key in a) {
    if (!Object.hasOwn(b, key) || !jsonEqual(a[key], b[key])) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}
