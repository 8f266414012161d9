import { errorEvent } from "../errors/stream-error.js";
import type { JsonObject, JsonValue } from "../events/stream-event.js";
import { setOwn } from "../json/own-fields.js";
import { parseJson, stringEnd } from "../json/parse-json.js";
import type { Emit } from "./dialect.js";

/** Longest excerpt of bad data quoted in an error event. */
const EXCERPT = 200;

/**
 * The deepest nesting of arrays and objects accepted in an event's data. `JSON.parse` itself
 * copes with any depth, but everything after it that walks the value recursively
 * (`JSON.stringify` in an encoder, a structured clone, a consumer's own code) overflows the stack
 * somewhere past a few thousand levels; no provider nests more than a few dozen.
 */
export const MAX_JSON_DEPTH = 256;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;

/**
 * Whether JSON `text` nests arrays and objects deeper than {@link MAX_JSON_DEPTH}, counted
 * outside strings. Only text long enough to nest that deep is scanned (each level takes at least
 * two characters), so the events of a normal stream never pay for it. The proxy checks request
 * bodies with it too.
 *
 * @example
 * ```ts
 * nestsTooDeep("[".repeat(300) + "]".repeat(300)); // true
 * ```
 */
export function nestsTooDeep(text: string): boolean {
  if (text.length <= 2 * MAX_JSON_DEPTH) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // A string is skipped with `indexOf`, which runs natively: the long text a `.done` event
      // or a final snapshot repeats cost a loop over every character of it.
      i = stringEnd(text, i + 1);
      if (i === -1) return false; // Unterminated: JSON.parse rejects it.
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * Parses a message's data as JSON for a dialect decoder. Malformed JSON, or JSON nested deeper
 * than {@link MAX_JSON_DEPTH}, becomes an `invalid-json` error event (with an excerpt of the
 * data) and `undefined`; decoding goes on with the next message, so nothing received before or
 * after is lost.
 */
export function parseJsonData(data: string, emit: Emit): JsonValue | undefined {
  if (nestsTooDeep(data)) {
    emit(
      errorEvent("invalid-json", `An event's data nests deeper than ${MAX_JSON_DEPTH} levels`, {
        excerpt: data.slice(0, EXCERPT),
        limit: MAX_JSON_DEPTH,
      }),
    );
    return undefined;
  }
  try {
    return parseJson(data);
  } catch {
    // V8's own message is left out: it differs between Node versions, and the event must not.
    emit(
      errorEvent("invalid-json", "An event's data is not valid JSON", {
        excerpt: data.length > EXCERPT ? `${data.slice(0, EXCERPT)}…` : data,
      }),
    );
    return undefined;
  }
}

/** Whether a JSON value is an object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The fields of `object` whose names are not in `known`, or `undefined` if there are none:
 * how a decoder keeps what the model does not name (principle 4, lossless).
 */
export function extraFields(
  object: JsonObject,
  known: ReadonlySet<string>,
): JsonObject | undefined {
  let extra: JsonObject | undefined;
  for (const key in object) {
    if (known.has(key)) continue;
    extra ??= {};
    setOwn(extra, key, object[key]!);
  }
  return extra;
}
