/**
 * What a thrown value says, for an error event or an error of our own: an `Error`'s (or a
 * `DOMException`'s) `name` and `message`, else the value as a string (`""` for `undefined`).
 * Never throws: anything can be thrown, and a value whose reading throws (`Object.create(null)`,
 * which has no `toString`; a throwing `toString`, `message` or `name` getter; a revoked `Proxy`)
 * says `""`, so the error is still reported, with the caller's own words.
 *
 * @example
 * ```ts
 * thrownMessage(new TypeError("fetch failed")); // { name: "TypeError", message: "fetch failed" }
 * thrownMessage(Object.create(null)); // { name: undefined, message: "" }
 * ```
 */
export function thrownMessage(value: unknown): { name: string | undefined; message: string } {
  let name: string | undefined;
  let message = "";
  try {
    if (value instanceof Error || value instanceof DOMException) {
      const own = value.name;
      name = typeof own === "string" ? own : undefined;
      const text = value.message;
      message = typeof text === "string" ? text : String(text);
    } else if (value !== undefined) message = String(value);
  } catch {
    // What could be read is kept.
  }
  return { name, message };
}
