import { errorEvent } from "../errors/stream-error.js";
import type { JsonObject, JsonValue } from "../events/stream-event.js";
import { setOwn } from "../json/own-fields.js";
import type { Emit } from "./dialect.js";

/** Longest excerpt of bad data quoted in an error event. */
const EXCERPT = 200;

/**
 * Parses a message's data as JSON for a dialect decoder. Malformed JSON becomes an
 * `invalid-json` error event (with an excerpt of the data) and `undefined`; decoding goes on
 * with the next message, so nothing received before or after is lost.
 */
export function parseJsonData(data: string, emit: Emit): JsonValue | undefined {
  try {
    return JSON.parse(data) as JsonValue;
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
