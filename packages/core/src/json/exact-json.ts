import type { JsonValue } from "../events/stream-event.js";
import { randomHex } from "../ids/random-hex.js";
import { hasInexactNumber } from "./own-fields.js";
import { isSpace, stringEnd } from "./parse-json.js";

const QUOTE = 0x22;

/**
 * Writes JSON in which a value parsed from a JSON text keeps that text's numbers: for an encoder
 * that writes a tool call's arguments as an object (Gemini's `args`, Ollama's `arguments`), from
 * the JSON text a `tool-call-delta` carries. `JSON.stringify` of the parsed object writes a whole
 * number past 2^53 rounded (`12345678901234567890` as `12345678901234567000`: an order or account
 * id) and one past a double's range as `null`; for such a value, {@link ExactJson.value} gives a
 * placeholder string that {@link ExactJson.stringify} replaces with the text itself, its spaces
 * outside strings left out (a line break would end an NDJSON line or an SSE `data:` field).
 * A value whose numbers `JSON.stringify` writes as they were is given back as it is: the
 * common case costs one walk over its numbers and nothing at `stringify`.
 *
 * The placeholder holds a NUL and a random tag (one per process), so no text from the wire can
 * spell it by chance (`JSON.rawJSON` would do without it, but Node 20 has none).
 *
 * @example
 * ```ts
 * const exact = new ExactJson();
 * const text = '{"order_id":12345678901234567890}';
 * const args = exact.value(text, parseJson(text));
 * exact.stringify({ functionCall: { name: "refund", args } });
 * // '{"functionCall":{"name":"refund","args":{"order_id":12345678901234567890}}}'
 * ```
 */
export class ExactJson {
  /** The texts of the placeholders given since the last `stringify`, by number. */
  #texts: string[] = [];

  /**
   * `value`, parsed from the JSON text `text`, or a placeholder for that text when
   * `JSON.stringify(value)` would write one of its numbers other than `text` does. The
   * placeholder is good for the next {@link ExactJson.stringify} only.
   */
  value(text: string, value: JsonValue): JsonValue {
    if (!hasInexactNumber(value)) return value;
    this.#texts.push(compactJson(text));
    return placeholder(this.#texts.length - 1);
  }

  /** `JSON.stringify(value)`, each placeholder in it written as its text. */
  stringify(value: unknown): string {
    const json = JSON.stringify(value);
    const texts = this.#texts;
    if (texts.length === 0) return json;
    this.#texts = [];
    return splicePlaceholders(json, texts);
  }
}

/**
 * `JSON.stringify` of values that repeat long strings: each string of at least
 * {@link LONG_STRING} characters is escaped once and its JSON text reused wherever it comes
 * again, by any later `stringify` of the same instance. For an encoder whose events repeat a whole
 * text (the Responses API's `.done` events, `output_item.done` and the terminal response each
 * hold a message's full text): escaping a ~750k-character text cost ~5 ms each time.
 *
 * The last {@link REMEMBERED} long strings are remembered and found with `===` (the same string
 * object is one comparison). Not a `Map`: V8 hashes every string past 16383 characters by its
 * length alone, so long strings of one length would share a bucket and a hostile stream of many
 * could make each lookup compare them all; here a lookup costs at most {@link REMEMBERED}
 * comparisons, and a string forgotten is escaped again. What is kept lasts as long as the
 * instance: one per stream.
 */
export class LongStrings {
  /** The strings remembered and their JSON, a ring of {@link REMEMBERED}. */
  readonly #strings: string[] = [];
  readonly #json: string[] = [];
  #next = 0;
  /** The texts of the placeholders given in the running `stringify`, by number. */
  #texts: string[] = [];
  readonly #replacer = (_key: string, value: unknown): unknown => {
    if (typeof value !== "string" || value.length < LONG_STRING) return value;
    return placeholder(this.#texts.push(this.#escaped(value)) - 1);
  };

  /** `JSON.stringify(value)`, its long strings written from what was escaped before. */
  stringify(value: unknown): string {
    const json = JSON.stringify(value, this.#replacer);
    const texts = this.#texts;
    if (texts.length === 0) return json;
    this.#texts = [];
    return splicePlaceholders(json, texts);
  }

  /** `JSON.stringify(text)`, remembered. */
  #escaped(text: string): string {
    const strings = this.#strings;
    for (let i = 0; i < strings.length; i++) if (strings[i] === text) return this.#json[i]!;
    const json = JSON.stringify(text);
    strings[this.#next] = text;
    this.#json[this.#next] = json;
    this.#next = (this.#next + 1) % REMEMBERED;
    return json;
  }
}

/** How many long strings a {@link LongStrings} remembers. */
const REMEMBERED = 8;

/** The length from which {@link LongStrings} escapes a string once. */
export const LONG_STRING = 64 * 1024;

/** The placeholder of the `n`th text to splice: a NUL, the process's tag and `n`. */
function placeholder(n: number): string {
  return `\u0000${placeholderTag()}:${n}`;
}

/** JSON text `json` with each placeholder (as `JSON.stringify` writes it) replaced by its text. */
function splicePlaceholders(json: string, texts: readonly string[]): string {
  // How `JSON.stringify` writes a placeholder, up to its number.
  const written = `"\\u0000${placeholderTag()}:`;
  let out = "";
  let from = 0;
  for (let at = json.indexOf(written); at !== -1; at = json.indexOf(written, from)) {
    const digits = at + written.length;
    const close = json.indexOf('"', digits);
    const text = texts[Number(json.slice(digits, close))];
    if (text === undefined) break;
    out += json.slice(from, at) + text;
    from = close + 1;
  }
  return out + json.slice(from);
}

let tag: string | undefined;

function placeholderTag(): string {
  tag ??= randomHex(16);
  return tag;
}

/** JSON text `text` without the spaces outside its strings (the same text when it has none). */
export function compactJson(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = stringEnd(text, i + 1);
      if (close === -1) break;
      i = close;
    } else if (isSpace(c)) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
