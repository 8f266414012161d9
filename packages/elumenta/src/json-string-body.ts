/**
 * `text` as the inside of a JSON string literal, exactly as `JSON.stringify(text)` writes it
 * between its quotes (ECMA-262 `QuoteJSONString`: `"`, `\` and control characters escaped, a
 * lone surrogate as `\udxxx`, everything else as it is). Most deltas need no escaping and come
 * back unchanged, with no allocation: the encoder writes the quotes and the object around them
 * itself, which costs less than building an object and stringifying it.
 */
export function jsonStringBody(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return JSON.stringify(text).slice(1, -1);
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) i++;
      else return JSON.stringify(text).slice(1, -1);
    }
  }
  return text;
}
