import type { JsonObject, JsonValue } from "../events/stream-event.js";
import { setOwn } from "./own-fields.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * `JSON.parse(text)`, with the same result and the same `SyntaxError` for text that is not JSON,
 * but right about object keys that hold an escape. V8 (Node 24 and 26; not Node 20) can read such
 * a key as another one after any earlier `JSON.parse` in the process saw a key with a backslash in
 * it: once `{"x":{"\\":1}}` has been parsed, `{"x":{"\n":1}}` comes back with the key `"\\"`
 * (nodejs/node#63785, V8 issue 521080746, open). Text with no escaped key — every message a
 * provider writes — goes to `JSON.parse`, after one scan that looks only at the strings that hold a
 * backslash; text with one is read by a strict parser here, which builds the same value.
 *
 * Every JSON text that comes from the wire or from a client is parsed with this.
 *
 * @example
 * ```ts
 * JSON.parse('{"x":{"\\\\":1}}');
 * Object.keys(parseJson('{"x":{"\\n":1}}').x); // ["\n"], where JSON.parse may give ["\\"]
 * ```
 */
export function parseJson(text: string): JsonValue {
  return (hasEscapedKey(text) ? parseStrict(text) : JSON.parse(text)) as JsonValue;
}

/**
 * Whether JSON `text` has an object key with an escape in it. A text without a backslash costs one
 * `indexOf`. Otherwise the strings that hold a backslash are looked at, from each backslash to the
 * quote that closes its string (a colon after it makes the string a key); once that has stepped
 * over {@link MAX_ESCAPED_QUOTES} escaped quotes (a long text full of them, as a terminal
 * Responses event repeats), the rest is searched from the keys' side instead ({@link keyAfter}),
 * so the cost stays linear and small either way. Text that is not JSON may be answered either
 * way: `JSON.parse` rejects it all the same.
 */
export function hasEscapedKey(text: string): boolean {
  let at = text.indexOf("\\");
  let escapedQuotes = 0;
  while (at !== -1) {
    // In JSON a backslash is inside a string: the quote that closes it is the next one that no
    // odd run of backslashes escapes.
    let end = text.indexOf('"', at);
    while (end !== -1 && isEscaped(text, end)) {
      if (++escapedQuotes > MAX_ESCAPED_QUOTES) return keyAfter(text, at);
      end = text.indexOf('"', end + 1);
    }
    if (end === -1) return false;
    if (text.charCodeAt(skipSpace(text, end + 1)) === COLON) return true;
    at = text.indexOf("\\", end + 1);
  }
  return false;
}

/** Escaped quotes {@link hasEscapedKey} steps over before it searches from the keys' side. */
const MAX_ESCAPED_QUOTES = 32;

/**
 * Whether a key holds an escape, given that none does before the backslash at `first`: the keys
 * after it are found from their colons (a key is the only string a colon follows), and a key
 * holds an escape when the next backslash from its opening quote comes before its closing one.
 * Each search goes on from where the last one stopped: one pass over the rest of the text.
 */
function keyAfter(text: string, first: number): boolean {
  let backslash = first;
  for (let colon = text.indexOf(":", first); colon !== -1; colon = text.indexOf(":", colon + 1)) {
    // A colon outside a string follows a key's closing quote (spaces between); one inside a
    // string follows anything but an unescaped quote, which would have closed the string.
    let close = colon - 1;
    while (isSpace(text.charCodeAt(close))) close--;
    if (text.charCodeAt(close) !== QUOTE || isEscaped(text, close)) continue;
    let open = text.lastIndexOf('"', close - 1);
    while (open > 0 && isEscaped(text, open)) open = text.lastIndexOf('"', open - 1);
    if (backslash < open) {
      backslash = text.indexOf("\\", open);
      if (backslash === -1) return false;
    }
    if (backslash < close) return true;
  }
  return false;
}

/** Whether the quote at `at` is escaped: an odd run of backslashes before it. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

/** Whether `c` is JSON whitespace. */
export function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/**
 * The index of the quote that closes the string `from` is inside of (past its opening quote), or
 * -1 if none does. A run of backslashes starts where an escape starts (the character before it is
 * not a backslash), so its length's parity says whether the quote after it is escaped.
 */
export function stringEnd(text: string, from: number): number {
  let end = text.indexOf('"', from);
  while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
  return end;
}

/** The first index from `from` that is not JSON whitespace. */
export function skipSpace(text: string, from: number): number {
  let i = from;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** A JSON number as RFC 8259 writes it (no leading zero, no `+`, digits on both sides of `.`). */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function fail(at: number): never {
  throw new SyntaxError(`Unexpected token in JSON at position ${at}`);
}

/**
 * The string literal whose opening quote is at `open`: its value (by `JSON.parse` of the literal
 * alone, which checks its escapes and control characters; a string value is not a key, so V8 reads
 * it right) and the index past its closing quote.
 */
function readString(text: string, open: number): [string, number] {
  if (text.charCodeAt(open) !== QUOTE) fail(open);
  const close = stringEnd(text, open + 1);
  if (close === -1) fail(open);
  return [JSON.parse(text.slice(open, close + 1)) as string, close + 1];
}

/**
 * A JSON parser for the texts {@link parseJson} keeps from `JSON.parse`. It builds what
 * `JSON.parse` builds — own data properties (`__proto__` too, see `setOwn`), the last of duplicate
 * keys winning, numbers by `Number` — and rejects what it rejects. Iterative: its stack is an
 * array, so no depth overflows the call stack.
 */
export function parseStrict(text: string): JsonValue {
  const containers: (JsonObject | JsonValue[])[] = [];
  const keys: string[] = [];
  let i = skipSpace(text, 0);
  for (;;) {
    // One value at `i`; a container that opens here is entered and its first member read.
    let value: JsonValue;
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const object = c === OPEN_BRACE;
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === (object ? CLOSE_BRACE : CLOSE_BRACKET)) {
        value = object ? {} : [];
        i++;
      } else {
        containers.push(object ? {} : []);
        if (object) i = readKey(text, i, keys);
        else keys.push("");
        continue;
      }
    } else if (c === QUOTE) [value, i] = readString(text, i);
    else if (text.startsWith("true", i)) [value, i] = [true, i + 4];
    else if (text.startsWith("false", i)) [value, i] = [false, i + 5];
    else if (text.startsWith("null", i)) [value, i] = [null, i + 4];
    else {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text);
      if (number === null) fail(i);
      value = Number(number[0]);
      i += number[0].length;
    }
    // The value goes into the open container; then a comma reads the next member, or the
    // container closes and is itself the value for the one around it.
    for (;;) {
      const top = containers[containers.length - 1];
      if (top === undefined) {
        i = skipSpace(text, i);
        if (i !== text.length) fail(i);
        return value;
      }
      const array = Array.isArray(top);
      if (array) top.push(value);
      else setOwn(top, keys[keys.length - 1]!, value);
      i = skipSpace(text, i);
      const next = text.charCodeAt(i);
      if (next === COMMA) {
        i = skipSpace(text, i + 1);
        if (!array) {
          keys.pop();
          i = readKey(text, i, keys);
        }
        break;
      }
      if (next !== (array ? CLOSE_BRACKET : CLOSE_BRACE)) fail(i);
      i++;
      value = top;
      containers.pop();
      keys.pop();
    }
  }
}

/** Reads `"key" :` at `i` onto `keys`; the index of the value after it. */
function readKey(text: string, i: number, keys: string[]): number {
  const [key, end] = readString(text, i);
  const colon = skipSpace(text, end);
  if (text.charCodeAt(colon) !== COLON) fail(colon);
  keys.push(key);
  return skipSpace(text, colon + 1);
}
