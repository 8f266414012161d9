import type { JsonValue } from "../events/stream-event.js";
import { ownCopy } from "../framing/own-copy.js";
import { hasInexactNumber } from "./own-fields.js";
import { isSpace, skipSpace, stringEnd } from "./parse-json.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** In a {@link SourcePath}: every element of an array. */
export const EACH: unique symbol = Symbol("each element");

/** The way to values in a JSON text: object keys, and {@link EACH} for an array's elements. */
export type SourcePath = readonly (string | typeof EACH)[];

/**
 * Where the values at `path` are written in the JSON text `text`, in the order they are written:
 * per value, its position in each array the path crosses (one number per {@link EACH}), then the
 * index where its text starts and the one past its end. `undefined` when that cannot be told for
 * sure: a key on the way holds an escape (it could spell a key of the path: `"\u0061rgs"` is
 * `"args"`), a key of the path is named twice in one object (`JSON.parse` keeps the last), or
 * the text is not JSON.
 *
 * For text `JSON.parse` accepted. One pass over what the path crosses: strings are skipped with
 * `indexOf`, values off the path with a depth count, and nothing is built.
 *
 * @example
 * ```ts
 * sourceSpans('{"a":[{"b":1},{"b": [2]}]}', ["a", EACH, "b"]); // [0, 11, 12, 1, 20, 23]
 * ```
 */
export function sourceSpans(text: string, path: SourcePath): number[] | undefined {
  const walk = new Walk(text, path);
  const end = walk.value(skipSpace(text, 0), 0);
  return end !== -1 && skipSpace(text, end) === text.length ? walk.spans : undefined;
}

class Walk {
  readonly spans: number[] = [];
  readonly #text: string;
  readonly #path: SourcePath;
  /** The positions in the arrays crossed so far. */
  readonly #positions: number[] = [];
  /** The first backslash at or after the last key looked at (the text's length when none). */
  #backslash = -1;

  constructor(text: string, path: SourcePath) {
    this.#text = text;
    this.#path = path;
  }

  /** Walks the value at `at` (no space before it) for step `step` of the path: past its end, or -1. */
  value(at: number, step: number): number {
    const text = this.#text;
    if (step === this.#path.length) {
      const end = skipValue(text, at);
      if (end !== -1) this.spans.push(...this.#positions, at, end);
      return end;
    }
    const want = this.#path[step]!;
    const c = text.charCodeAt(at);
    if (want === EACH) return c === OPEN_BRACKET ? this.#array(at, step) : skipValue(text, at);
    return c === OPEN_BRACE ? this.#object(at, step, want) : skipValue(text, at);
  }

  #array(open: number, step: number): number {
    const text = this.#text;
    let at = skipSpace(text, open + 1);
    if (text.charCodeAt(at) === CLOSE_BRACKET) return at + 1;
    const positions = this.#positions;
    for (let position = 0; ; position++) {
      positions.push(position);
      at = this.value(at, step + 1);
      positions.pop();
      if (at === -1) return -1;
      at = skipSpace(text, at);
      const c = text.charCodeAt(at);
      if (c === CLOSE_BRACKET) return at + 1;
      if (c !== COMMA) return -1;
      at = skipSpace(text, at + 1);
    }
  }

  #object(open: number, step: number, want: string): number {
    const text = this.#text;
    let at = skipSpace(text, open + 1);
    if (text.charCodeAt(at) === CLOSE_BRACE) return at + 1;
    let seen = false;
    for (;;) {
      if (text.charCodeAt(at) !== QUOTE) return -1;
      const close = stringEnd(text, at + 1);
      if (close === -1 || this.#escaped(at + 1, close)) return -1;
      const match = close - at - 1 === want.length && sameAt(text, at + 1, want);
      at = skipSpace(text, close + 1);
      if (text.charCodeAt(at) !== COLON) return -1;
      at = skipSpace(text, at + 1);
      if (match) {
        if (seen) return -1;
        seen = true;
        at = this.value(at, step + 1);
      } else at = skipValue(text, at);
      if (at === -1) return -1;
      at = skipSpace(text, at);
      const c = text.charCodeAt(at);
      if (c === CLOSE_BRACE) return at + 1;
      if (c !== COMMA) return -1;
      at = skipSpace(text, at + 1);
    }
  }

  /**
   * Whether the key from `start` to `end` holds a backslash. The next backslash is searched for
   * only when the walk has passed the last one found, so the searches cover the text once.
   */
  #escaped(start: number, end: number): boolean {
    if (this.#backslash < start) {
      const at = this.#text.indexOf("\\", start);
      this.#backslash = at === -1 ? this.#text.length : at;
    }
    return this.#backslash < end;
  }
}

/** Past the end of the value at `at` (no space before it), or -1 when there is none. */
function skipValue(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === QUOTE) {
    const close = stringEnd(text, at + 1);
    return close === -1 ? -1 : close + 1;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    // Brackets are counted outside strings; JSON.parse has checked that they pair up.
    let depth = 0;
    for (let i = at; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) {
        i = stringEnd(text, i + 1);
        if (i === -1) return -1;
      } else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return -1;
  }
  // A number, `true`, `false` or `null`: up to the character that ends it.
  let i = at;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
  }
  return i === at ? -1 : i;
}

/** Whether `text` has `word` at `at` (a key's few characters, compared in place). */
function sameAt(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++)
    if (text.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * The JSON text of values a decoder passes on as text (a tool call's arguments, which Gemini and
 * Ollama send as an object and a `tool-call-delta` carries as JSON text), at one path of each
 * message it reads. `JSON.stringify` of the parsed value, which is what the wire wrote but for
 * spacing and the spelling of escapes and numbers — except where that would change a number
 * (see `hasInexactNumber`: `12345678901234567890` would come back `12345678901234567000`,
 * `1e400` as `null`): then the wire's own text of the value ({@link sourceSpans}), found when
 * first asked for, so that an id in the arguments reaches the client whole.
 *
 * @example
 * ```ts
 * const args = new SourceTexts(["message", "tool_calls", EACH, "function", "arguments"]);
 * args.reset(line); // for each line, before asking
 * args.json(value.message.tool_calls[0].function.arguments, 0);
 * ```
 */
export class SourceTexts {
  readonly #path: SourcePath;
  /** Per value in `#spans`: its positions (one or two), its start, its end. */
  readonly #stride: number;
  #text = "";
  /** `null` until first asked for (then `undefined` when they cannot be told). */
  #spans: number[] | undefined | null = null;
  /** Where the last answer was found: answers are asked for in the order they are written. */
  #cursor = 0;

  constructor(path: SourcePath) {
    const each = path.filter((step) => step === EACH).length;
    if (each < 1 || each > 2) throw new RangeError("A SourceTexts path crosses one or two arrays");
    this.#path = path;
    this.#stride = each + 2;
  }

  /** Forgets the last text: the next answers are for `text`, a JSON text `JSON.parse` accepted. */
  reset(text: string): void {
    this.#text = text;
    this.#spans = null;
    this.#cursor = 0;
  }

  /**
   * The JSON text of `value`, the parsed value at these array positions of the path (one per
   * {@link EACH}). The wire's text is a copy: a slice would keep the whole message alive as
   * long as the text is kept. When it is not known for sure (see {@link sourceSpans}), the
   * value is written with `JSON.stringify` after all.
   */
  json(value: JsonValue, first: number, second = 0): string {
    return (hasInexactNumber(value) && this.#source(first, second)) || JSON.stringify(value);
  }

  /** The wire's text of the value at these positions, or `undefined`. */
  #source(first: number, second: number): string | undefined {
    if (this.#spans === null) this.#spans = sourceSpans(this.#text, this.#path);
    const spans = this.#spans;
    if (spans === undefined) return undefined;
    const stride = this.#stride;
    const count = spans.length / stride;
    for (let n = 0; n < count; n++) {
      const i = ((this.#cursor + n) % count) * stride;
      if (spans[i] !== first || (stride === 4 && spans[i + 1] !== second)) continue;
      this.#cursor = i / stride;
      return ownCopy(this.#text.slice(spans[i + stride - 2], spans[i + stride - 1]));
    }
    return undefined;
  }
}
