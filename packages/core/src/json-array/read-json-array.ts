import type { Framer, FrameSink } from "../framing/wire-message.js";

/**
 * The deepest nesting one element may have (its own `{` or `[` is level 1). `JSON.parse` copes
 * with far more, but what a decoder does with the value afterwards (walk it, validate it,
 * stringify it) may recurse, so a hostile stream must not choose the depth.
 */
export const MAX_JSON_ARRAY_DEPTH = 512;

// JSON's four whitespace characters (RFC 8259 §2), and the byte order mark a body may open with.
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const BOM = 0xfeff;
const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

// Where the scanner is when no element is open: nothing but whitespace (or a BOM) seen yet;
// inside the top-level array (`,` separates, `]` closes it); or outside any array (after its
// `]`, or when the body did not open with `[`).
const AT_START = 0;
const IN_ARRAY = 1;
const OUTSIDE = 2;
type Place = typeof AT_START | typeof IN_ARRAY | typeof OUTSIDE;

// The kind of element being read: none; an object or array (ends when the depth is back to 0);
// a string scalar (ends at its closing quote); a number, `true`, `false`, `null` — or text that
// is not JSON at all (ends at a delimiter, see `#scanBare`).
const NONE = 0;
const CONTAINER = 1;
const STRING = 2;
const BARE = 3;
type Element = typeof NONE | typeof CONTAINER | typeof STRING | typeof BARE;

function isWhitespace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

function trimJsonWhitespace(text: string): string {
  let end = text.length;
  while (end > 0 && isWhitespace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * Framing of a body that is one JSON array streamed element by element, as Gemini's
 * `streamGenerateContent` sends it without `alt=sse`
 * (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent):
 * `[{…}\r\n,\r\n{…}\r\n]`, pretty-printed. Each top-level element's exact text is delivered as a
 * message the moment its last character arrives; the array's end is never awaited.
 *
 * The scanner keeps only its state (the place, the element's kind, whether it is in a string or
 * just after a backslash, and the nesting depth as a counter) plus the text of the element being
 * read, so however the text is split it delivers the same messages. Brackets and braces are
 * counted alike, without a stack: valid JSON is framed exactly, and invalid JSON is still framed
 * somewhere and reaches the decoder's `JSON.parse`, which reports it.
 *
 * What the scanner lets through:
 * - Around elements, whitespace and a BOM before `[`, any whitespace and commas between elements
 *   (a missing or doubled comma is forgiven), and the closing `]` are dropped: they carry nothing.
 * - Everything else is delivered, never dropped in silence. A scalar element, and any run of text
 *   that is not JSON where an element could start (garbage between elements, content after `]`),
 *   is delivered as one message, its trailing whitespace trimmed; such a run ends at a comma, at
 *   `{` or `[` (where a real element may start again, so one stray word does not swallow the
 *   next element) or, inside the array, at `]`. The dialect's `JSON.parse` then reports what is
 *   not JSON as invalid, in order, between the elements around it.
 * - A body that does not open with `[` (a bare error object, as some gateways send in place of
 *   the array), and anything after the closing `]` (a pretty-printed error object written after
 *   the last element), is read as a sequence of top-level values, each delivered on its own.
 * - An element over `maxEventSize` characters, or nested deeper than
 *   {@link MAX_JSON_ARRAY_DEPTH}, is reported once through `sink.tooLarge()` — the sink has no
 *   other channel, and both are limits on what one message may cost — and skipped to its end:
 *   only the scanning state is kept while skipping, then the next element is read as usual.
 * - At `end()`, an element still open is delivered as received (its `JSON.parse` fails, so the
 *   decoder reports it as invalid and nothing received is lost), unless it was being skipped.
 *   An array never closed by `]` is not reported here: the framer has no channel for it, and
 *   a stream cut between two elements is the decoder's to judge (Gemini has no terminator).
 *
 * @example
 * ```ts
 * const reader = new JsonArrayReader(
 *   { message: (m) => console.log(m.data), comment: () => {}, tooLarge: () => {} },
 *   DEFAULT_MAX_EVENT_SIZE,
 * );
 * reader.feed('[{"a":1}\r\n,\r\n{"b"');
 * reader.feed(':2}\r\n]');
 * reader.end(); // logged {"a":1}, then {"b":2}
 * ```
 */
export class JsonArrayReader implements Framer {
  readonly #sink: FrameSink;
  readonly #max: number;
  #place: Place = AT_START;
  #element: Element = NONE;
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** The open element's text from earlier pieces. */
  #partial = "";
  #skipping = false;

  constructor(sink: FrameSink, maxEventSize: number) {
    this.#sink = sink;
    this.#max = maxEventSize;
  }

  feed(text: string): void {
    const n = text.length;
    let i = 0;
    // Where the open element starts in `text`: 0 when it began in an earlier piece.
    let start = 0;
    while (i < n) {
      if (this.#element === NONE) {
        const c = text.charCodeAt(i);
        if (isWhitespace(c)) {
          i++;
          continue;
        }
        if (this.#place === AT_START) {
          if (c === BOM) {
            i++;
            continue;
          }
          if (c === OPEN_BRACKET) {
            this.#place = IN_ARRAY;
            i++;
            continue;
          }
          this.#place = OUTSIDE;
        }
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === CLOSE_BRACKET && this.#place === IN_ARRAY) {
          this.#place = OUTSIDE;
          i++;
          continue;
        }
        start = i;
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.#element = CONTAINER;
          this.#depth = 1;
          i++;
        } else if (c === QUOTE) {
          this.#element = STRING;
          this.#inString = true;
          i++;
        } else {
          // Not consumed: the bare scan below looks at it.
          this.#element = BARE;
        }
      } else if (this.#element === BARE) {
        i = this.#scanBare(text, i);
        if (i < n) this.#finish(text, start, i);
      } else {
        i = this.#scanNested(text, i);
        const closed = this.#element === STRING ? !this.#inString : this.#depth === 0;
        if (closed) this.#finish(text, start, i);
      }
    }
    if (this.#element === NONE || this.#skipping) return;
    const rest = n - start;
    if (this.#partial.length + rest > this.#max) this.#skip();
    else this.#partial += start === 0 ? text : text.slice(start);
  }

  end(): void {
    if (this.#element !== NONE && !this.#skipping) {
      const data = this.#element === BARE ? trimJsonWhitespace(this.#partial) : this.#partial;
      this.#sink.message({ data });
    }
    this.#reset();
    this.#place = AT_START;
  }

  /**
   * Reads a container or a string scalar from `from`, up to and including its closing character
   * when it is in `text`. Returns the index after the last character read.
   */
  #scanNested(text: string, from: number): number {
    const n = text.length;
    const isString = this.#element === STRING;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    let i = from;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (isString) {
            i++;
            break;
          }
        }
      } else if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
        if (depth > MAX_JSON_ARRAY_DEPTH && !this.#skipping) this.#skip();
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    return i;
  }

  /** Reads a bare run from `i` up to its delimiter (not consumed); returns the delimiter's index. */
  #scanBare(text: string, from: number): number {
    const n = text.length;
    const inArray = this.#place === IN_ARRAY;
    for (let i = from; i < n; i++) {
      const c = text.charCodeAt(i);
      if (
        c === COMMA ||
        c === OPEN_BRACE ||
        c === OPEN_BRACKET ||
        (c === CLOSE_BRACKET && inArray)
      ) {
        return i;
      }
    }
    return n;
  }

  /** The open element ends at `end` in `text`, having started at `start` (0: in an earlier piece). */
  #finish(text: string, start: number, end: number): void {
    if (!this.#skipping) {
      if (this.#partial.length + (end - start) > this.#max) {
        this.#sink.tooLarge();
      } else {
        const whole = this.#partial + text.slice(start, end);
        this.#sink.message({
          data: this.#element === BARE ? trimJsonWhitespace(whole) : whole,
        });
      }
    }
    this.#reset();
  }

  /** Reports the open element once and drops its text; scanning goes on to its end. */
  #skip(): void {
    this.#skipping = true;
    this.#partial = "";
    this.#sink.tooLarge();
  }

  #reset(): void {
    this.#element = NONE;
    this.#depth = 0;
    this.#inString = false;
    this.#escaped = false;
    this.#partial = "";
    this.#skipping = false;
  }
}
