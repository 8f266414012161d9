/**
 * `text` as a string of its own. A slice of a framer's buffer (a message's data, a delta cut out
 * of it) shares the memory of what it was cut from — in V8 a slice of 13 characters or more
 * points into its parent — so keeping it keeps the whole decoded network chunk alive.
 * Concatenating and cutting again makes V8 copy it, as `JSON.parse`'s strings are copies; a
 * shorter slice is a copy already and is returned as it is.
 *
 * @example
 * ```ts
 * const delta = ownCopy(data.slice(start, end)); // safe to keep in an accumulator
 * ```
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
