import {
  assignOwn,
  type DialectEncoder,
  type ErrorEvent,
  formatSseComment,
  formatSseData,
  formatSseEvent,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type ReportDrop,
  type StreamEvent,
  setOwn,
  type UsageEvent,
  type Write,
} from "@sse-dialects/core";
import { match } from "ts-pattern";
import {
  BILLING_FIELDS,
  DONE,
  ELUMENTA_TYPES,
  isKnownType,
  ownErrorCode,
  providerErrorMessage,
} from "./elumenta-wire.js";

/** The Elumenta encoder takes no options: what it cannot express goes to the drop report. */
export type ElumentaEncodeOptions = Record<string, never>;

/**
 * Normalized events → Elumenta SSE. The inverse of {@link ElumentaDecoder} for every sequence
 * it produces, and a projection for sequences from richer dialects: Elumenta has one message and
 * four event types, so reasoning, refusals, tool calls, logprobs, receipts, choices other than 0,
 * token counts, finish reasons other than `stop` and other dialects' data cannot be written, and
 * each goes to the drop report.
 *
 * The last object is held until the next event or `flush()`, because events that belong on it
 * arrive after it: `extra` fields on any object, `usage` billing on `generation_end`. The pipelines
 * flush after every input batch, so nothing waits for bytes not yet received.
 */
export class ElumentaEncoder implements DialectEncoder {
  readonly #write: Write;
  readonly #report: ReportDrop;
  #id: string | undefined;
  #model: string | undefined;
  /** The last object, not yet written. */
  #pending: JsonObject | undefined;
  /**
   * Whether `extra` fields may still join the pending object: the decoder emits at most one
   * `extra` per object, and none for a provider's error (its whole object is the error's data).
   */
  #pendingTakesExtra = false;
  /** A generation_start exists (written or pending). */
  #started = false;
  /** The generation_start was opened by `metadata`; the `role` that follows it is part of it. */
  #roleOwed = false;
  /** A generation_end has been written since the last generation_start. */
  #ended = false;
  /** The event being encoded, for the drop report. */
  #current: StreamEvent | undefined;
  /** Billing that came before any finish, for the next generation_end. */
  #billing: JsonObject | undefined;

  constructor(write: Write, _options: ElumentaEncodeOptions = {}, drop: ReportDrop = () => {}) {
    this.#write = write;
    this.#report = drop;
  }

  encode(event: StreamEvent): void {
    this.#current = event;
    match(event)
      .with({ type: "metadata" }, (e) => {
        if (
          e.created !== undefined ||
          e.systemFingerprint !== undefined ||
          e.serviceTier !== undefined
        ) {
          this.#drop("metadata created/systemFingerprint/serviceTier");
        }
        if (e.id !== undefined) this.#id = e.id;
        if (e.model !== undefined) this.#model = e.model;
        if (this.#roleOwed && this.#pending?.type === ELUMENTA_TYPES.start) {
          this.#pending = this.#startObject();
        } else if (!this.#started) {
          this.#open();
          this.#roleOwed = true;
        }
        // Otherwise the new id goes on the next generation_end (or generation_start).
      })
      .with({ type: "role" }, (e) => {
        if (e.choice !== 0) return this.#drop("choices other than 0");
        if (e.role !== "assistant") this.#drop(`role ${e.role}`);
        if (this.#roleOwed) this.#roleOwed = false;
        else this.#open();
      })
      .with({ type: "text-delta" }, (e) => {
        if (e.choice !== 0) return this.#drop("choices other than 0");
        if (e.text === "") return;
        this.#roleOwed = false;
        this.#put({ type: ELUMENTA_TYPES.delta, delta: e.text });
      })
      .with({ type: "finish" }, (e) => {
        if (e.choice !== 0) return this.#drop("choices other than 0");
        if (e.reason !== "stop") this.#drop(`finish reason ${e.reason}`);
        if (this.#roleOwed && this.#pending?.type === ELUMENTA_TYPES.start) {
          // Metadata right before a finish, with no role: a generation_end's new id, not a start.
          this.#pending = undefined;
          this.#started = false;
        }
        this.#roleOwed = false;
        this.#put(this.#endObject(this.#billing));
        this.#billing = undefined;
        this.#ended = true;
      })
      .with({ type: "usage" }, (e) => this.#usage(e))
      .with({ type: "extra" }, (e) => {
        if (e.dialect !== "elumenta") return this.#drop(`fields of another dialect (${e.dialect})`);
        if (e.scope !== "response") return this.#drop(`extra fields of a ${e.scope}`);
        this.#extra(e.fields);
      })
      .with({ type: "unknown" }, (e) => {
        if (e.dialect !== "elumenta") {
          this.#drop(`an event of another dialect (${e.dialect})`);
        } else if (e.event !== undefined && e.event !== "message") {
          this.#put(undefined);
          this.#write(formatSseEvent({ event: e.event, data: unknownText(e.data) }));
        } else if (
          isJsonObject(e.data) &&
          typeof e.data.type === "string" &&
          !isKnownType(e.data.type)
        ) {
          this.#put(undefined);
          this.#write(formatSseData(JSON.stringify(e.data)));
        } else {
          // Written as is, it would read back as an Elumenta event or as an invalid one.
          this.#drop("unknown events that are not objects with an unknown `type`");
        }
      })
      .with({ type: "comment" }, (e) => {
        this.#put(undefined);
        this.#write(formatSseComment(e.text));
      })
      .with({ type: "error" }, (e) => {
        if (e.dialect !== undefined && e.dialect !== "elumenta" && e.data !== undefined) {
          this.#drop(`the error object of another dialect (${e.dialect}): its message is written`);
        }
        this.#roleOwed = false;
        this.#put(errorObject(e), e.code !== "provider-error");
      })
      .with({ type: "end" }, () => {
        this.#put(undefined);
        if (this.#billing !== undefined) this.#drop("usage billing without a finish");
        this.#billing = undefined;
        // Always the terminator: how the stream ended is carried by the error events before it,
        // which decode back to the same end reason (a cut-off error keeps its code).
        this.#write(formatSseData(DONE));
      })
      .with(
        { type: "reasoning-delta" },
        { type: "reasoning-signature" },
        { type: "reasoning-redacted" },
        { type: "refusal-delta" },
        { type: "tool-call-start" },
        { type: "tool-call-delta" },
        { type: "tool-call-end" },
        { type: "logprobs" },
        { type: "receipt" },
        (e) => this.#drop(e.type),
      )
      .exhaustive();
  }

  flush(): void {
    this.#put(undefined);
  }

  /** Writes the pending object, and holds `next` in its place. */
  #put(next: JsonObject | undefined, takesExtra = true): void {
    if (this.#pending !== undefined) this.#write(formatSseData(JSON.stringify(this.#pending)));
    this.#pending = next;
    this.#pendingTakesExtra = next !== undefined && takesExtra;
  }

  #open(): void {
    this.#put(this.#startObject());
    this.#started = true;
    this.#ended = false;
  }

  #startObject(): JsonObject {
    const start: JsonObject = { type: ELUMENTA_TYPES.start };
    if (this.#id !== undefined) start.id = this.#id;
    if (this.#model !== undefined) start.model = this.#model;
    return start;
  }

  #endObject(billing: JsonObject | undefined): JsonObject {
    const end: JsonObject = { type: ELUMENTA_TYPES.end };
    if (this.#id !== undefined) end.id = this.#id;
    return billing === undefined ? end : assignOwn(end, billing);
  }

  #usage(usage: UsageEvent): void {
    const { type: _, billing, ...rest } = usage;
    let expressible: JsonObject | undefined;
    for (const [key, value] of Object.entries(billing ?? {})) {
      if ((BILLING_FIELDS as readonly string[]).includes(key)) {
        expressible ??= {};
        setOwn(expressible, key, value);
      } else this.#drop("usage fields other than billing tokens_used/balance_remaining");
    }
    if (Object.keys(rest).length > 0) {
      this.#drop("usage fields other than billing tokens_used/balance_remaining");
    }
    if (expressible === undefined) return;
    if (this.#pending?.type === ELUMENTA_TYPES.end) assignOwn(this.#pending, expressible);
    else if (this.#ended) this.#put(this.#endObject(expressible));
    else this.#billing = { ...this.#billing, ...expressible };
  }

  /**
   * Fields the model does not name go back onto the object they came from (the pending one).
   * Fields with no such object (or one that has them already) get an empty `content_delta` of
   * their own to carry them: Elumenta clients append `""` and nothing changes, and our decoder reads the
   * fields back as the same `extra` event.
   */
  #extra(fields: JsonObject): void {
    const pending = this.#pending;
    if (
      pending !== undefined &&
      this.#pendingTakesExtra &&
      !Object.keys(fields).some((key) => key in pending)
    ) {
      assignOwn(pending, fields);
      this.#pendingTakesExtra = false;
      return;
    }
    const carrier: JsonObject = { type: ELUMENTA_TYPES.delta, delta: "" };
    for (const [key, value] of Object.entries(fields)) {
      if (key in carrier) this.#drop(`extra field ${key}`);
      else setOwn(carrier, key, value);
    }
    if (Object.keys(carrier).length > 2) this.#put(carrier, false);
  }

  /** Reports the event being encoded as not (wholly) expressible, and why. */
  #drop(what: string): void {
    this.#report(this.#current!, `Elumenta cannot express ${what}`);
  }
}

/**
 * An error event as Elumenta's `error` object. The provider's own error object is written back
 * as it came; any other error is `{type, message}`, plus our `code` (and context) when we
 * synthesised it, so that it decodes back to the same code.
 */
function errorObject(event: ErrorEvent): JsonObject {
  const { code, message } = event;
  // Another dialect's error object is not Elumenta's to write.
  const data = event.dialect === undefined || event.dialect === "elumenta" ? event.data : undefined;
  if (code === "provider-error") {
    if (
      isJsonObject(data) &&
      data.type === ELUMENTA_TYPES.error &&
      providerErrorMessage(data) === message &&
      // Written back as is, it would read as one of our own errors (see the decoder).
      !(ownErrorCode(data.code) !== undefined && typeof data.message === "string")
    ) {
      return { ...data };
    }
    const object: JsonObject = { type: ELUMENTA_TYPES.error, message };
    if (data !== undefined) object.data = data;
    return object;
  }
  const object: JsonObject = { type: ELUMENTA_TYPES.error, code, message };
  if (data !== undefined) object.data = data;
  return object;
}

/**
 * The data of an unknown event with an SSE name, as our decoder reads it back: text that is not
 * JSON is written raw, anything else as JSON (so the string `"42"` does not come back as 42).
 */
function unknownText(data: JsonValue): string {
  if (typeof data === "string" && !data.includes("\r") && !parsesAsJson(data)) return data;
  return JSON.stringify(data);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
