/**
 * `text` as the inside of a JSON string literal, exactly as `JSON.stringify(text)` writes it
 * between its quotes. Most deltas need no escaping: they come back as they are, with no
 * allocation, which is why encoders' hot paths write a text delta as a cached opening, this and
 * a constant close, with the quotes their own (JSON.stringify of a short string costs more than
 * the loop below, and of the object around it far more).
 *
 * @example
 * ```ts
 * `{"delta":"${jsonStringBody('say "hi"')}"}`; // {"delta":"say \"hi\""}
 * ```
 */
export function jsonStringBody(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, `"` and `\` are escaped.
    if (c < 0x20 || c === 0x22 || c === 0x5c) return JSON.stringify(text).slice(1, -1);
    if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is written as it is; a lone surrogate is escaped (`\udxxx`).
      const low = text.charCodeAt(i + 1);
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) i++;
      else return JSON.stringify(text).slice(1, -1);
    }
  }
  return text;
}
