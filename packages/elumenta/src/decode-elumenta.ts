import {
  type DialectDecoder,
  type Emit,
  errorEvent,
  extraFields,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type MetadataEvent,
  ownCopy,
  parseJson,
  parseJsonData,
  type WireMessage,
} from "@sse-dialects/core";
import {
  BILLING_FIELDS,
  DONE,
  ELUMENTA_TYPES,
  isKnownType,
  KNOWN_FIELDS,
  ownErrorCode,
  providerErrorMessage,
} from "./elumenta-wire.js";

/**
 * Elumenta wire messages → normalized events.
 *
 * - `generation_start` → `metadata` (the values that changed, as the model asks) and `role`
 *   (choice 0, `assistant`: the start of Elumenta's one message).
 * - `content_delta` → `text-delta` (an empty delta → nothing).
 * - `generation_end` → `metadata` `{id}` first if its id differs from the known one, then
 *   `finish` `{reason: "stop", raw: "generation_end"}` (Elumenta has no other way to finish),
 *   then `usage` `{billing}` with `tokens_used` / `balance_remaining` under their own names.
 * - `error` → `error` `provider-error` with the wire object as `data`: final, so a stream that
 *   ends after it without `[DONE]` ended, not cut off; an `error` carrying one of our codes (written by our encoder for a cut-off, say) comes back with that code.
 * - An unknown `type` → `unknown` `{data}`; valid JSON without a string `type` → `invalid-event`.
 * - Fields an event does not name → `extra` (scope `response`) after that event's events, so
 *   the encoder can write them back onto the same object.
 * - A message with an SSE `event:` name (Elumenta sends none) is not Elumenta's: kept whole as
 *   `unknown` `{event, data}`.
 */
export class ElumentaDecoder implements DialectDecoder {
  readonly #emit: Emit;
  #id: string | undefined;
  #model: string | undefined;
  #done = false;
  /** A provider's `error` ended the stream: Elumenta's streaming documentation sends nothing after it. */
  #failed = false;

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  message(message: WireMessage): void {
    if (message.event !== undefined && message.event !== "message") {
      this.#emit({
        type: "unknown",
        dialect: "elumenta",
        event: message.event,
        data: parseLoosely(message.data),
      });
      return;
    }
    if (message.data === DONE) {
      this.#done = true;
      return;
    }
    const text = plainDelta(message.data);
    if (text !== undefined) {
      if (text !== "") this.#emit({ type: "text-delta", choice: 0, text });
      return;
    }
    const value = parseJsonData(message.data, this.#emit);
    if (value === undefined) return;
    if (!isJsonObject(value) || typeof value.type !== "string") {
      this.#emit(
        errorEvent(
          "invalid-event",
          "An Elumenta event must be a JSON object with a string `type`",
          value,
        ),
      );
      return;
    }
    const object = value;
    // Deltas first: nearly every event is one.
    switch (value.type) {
      case ELUMENTA_TYPES.delta:
        this.#delta(object);
        break;
      case ELUMENTA_TYPES.start:
        this.#start(object);
        break;
      case ELUMENTA_TYPES.end:
        this.#end(object);
        break;
      case ELUMENTA_TYPES.error:
        this.#error(object);
        break;
      default:
        // isKnownType covers exactly the cases above; an unknown type is kept whole.
        if (!isKnownType(value.type))
          this.#emit({ type: "unknown", dialect: "elumenta", data: object });
    }
  }

  end(): boolean {
    return this.#done || this.#failed;
  }

  #start(object: JsonObject): void {
    const { id, model } = object;
    const metadata: MetadataEvent = { type: "metadata" };
    if (typeof id === "string" && id !== this.#id) metadata.id = this.#id = id;
    if (typeof model === "string" && model !== this.#model) metadata.model = this.#model = model;
    if (metadata.id !== undefined || metadata.model !== undefined) this.#emit(metadata);
    this.#emit({ type: "role", choice: 0, role: "assistant" });
    this.#extra(object, KNOWN_FIELDS.start, { id, model });
  }

  #delta(object: JsonObject): void {
    const { delta } = object;
    if (typeof delta !== "string") {
      this.#emit(
        errorEvent("invalid-event", "An Elumenta content_delta has no string `delta`", object),
      );
      return;
    }
    if (delta !== "") this.#emit({ type: "text-delta", choice: 0, text: delta });
    // The hot path: most deltas have no other field. The two names are compared directly (a
    // Set lookup per key cost more), and #extra's typed-field check is skipped.
    let fields: JsonObject | undefined;
    for (const key in object) {
      if (key === "type" || key === "delta") continue;
      fields ??= {};
      fields[key] = object[key]!;
    }
    if (fields !== undefined)
      this.#emit({ type: "extra", dialect: "elumenta", scope: "response", fields });
  }

  #end(object: JsonObject): void {
    const { id } = object;
    if (typeof id === "string" && id !== this.#id) {
      this.#id = id;
      this.#emit({ type: "metadata", id });
    }
    this.#emit({ type: "finish", choice: 0, reason: "stop", raw: ELUMENTA_TYPES.end });
    let billing: JsonObject | undefined;
    for (const field of BILLING_FIELDS) {
      const value = object[field];
      if (value === undefined) continue;
      billing ??= {};
      billing[field] = value;
    }
    if (billing !== undefined) this.#emit({ type: "usage", billing });
    this.#extra(object, KNOWN_FIELDS.end, { id });
  }

  #error(object: JsonObject): void {
    const code = ownErrorCode(object.code);
    if (code !== undefined && typeof object.message === "string") {
      this.#emit(errorEvent(code, object.message, object.data));
      this.#extra(object, KNOWN_FIELDS.ownError);
      return;
    }
    // The provider's own error: its whole object is the data, so nothing needs an extra event.
    this.#failed = true;
    this.#emit({
      ...errorEvent("provider-error", providerErrorMessage(object), object),
      dialect: "elumenta",
    });
  }

  /**
   * Emits the fields the event does not name. A named field with the wrong JSON type (an `id`
   * that is a number) was not used, so it is kept too, through `typed`.
   */
  #extra(
    object: JsonObject,
    known: ReadonlySet<string>,
    typed: Record<string, unknown> = {},
  ): void {
    let fields = extraFields(object, known);
    for (const [key, value] of Object.entries(typed)) {
      if (value !== undefined && typeof value !== "string") {
        fields ??= {};
        fields[key] = object[key]!;
      }
    }
    if (fields !== undefined)
      this.#emit({ type: "extra", dialect: "elumenta", scope: "response", fields });
  }
}

/** A content_delta exactly as Elumenta (and our encoder) writes it, up to its text. */
const PLAIN_DELTA_HEAD = `{"type":"${ELUMENTA_TYPES.delta}","delta":"`;

/**
 * The text of a content_delta written exactly as `{"type":"content_delta","delta":"…"}` with no
 * escape in the text, else `undefined`. Nearly every event of a stream is one, and reading it
 * this way skips `JSON.parse`, which was most of the cost of decoding Elumenta: this is the
 * lenient hot-path reading, and it is exact: for data of that form JSON.parse
 * gives this object and nothing else (the text has no `"`, so no other field can follow; no `\`,
 * so nothing to unescape; no control character, which JSON.parse would reject). Anything else
 * (spaces, other fields, another order, escapes) goes through JSON.parse as before.
 */
export function plainDelta(data: string): string | undefined {
  const start = PLAIN_DELTA_HEAD.length;
  const end = data.length - 2;
  if (end < start || !data.startsWith(PLAIN_DELTA_HEAD)) return undefined;
  // Ends with `"}`.
  if (data.charCodeAt(end) !== 0x22 || data.charCodeAt(end + 1) !== 0x7d) return undefined;
  for (let i = start; i < end; i++) {
    const c = data.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c < 0x20) return undefined;
  }
  return ownCopy(data.slice(start, end));
}

/** The data of a message that is not Elumenta's: JSON when it parses, else the text itself. */
function parseLoosely(data: string): JsonValue {
  try {
    return parseJson(data) as JsonValue;
  } catch {
    return data;
  }
}
