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
  jsonStringBody,
  type ReportDrop,
  type StreamEvent,
  type StreamEventType,
  setOwn,
  type UsageEvent,
  type Write,
} from "@sse-dialects/core";
import {
  BILLING_FIELDS,
  DONE,
  ELUMENTA_TYPES,
  isKnownType,
  ownErrorCode,
  providerErrorMessage,
} from "./elumenta-wire.js";

/**
 * A plain `content_delta` (nearly every event) is written as a template around its text rather
 * than built as an object and stringified: `JSON.stringify` of the object and ts-pattern's
 * matcher were most of the encoder's time in `pnpm bench`. The opening and the close (with the
 * next opening after it) are constant strings, passed to `Write` as `reusable`, so a byte sink
 * encodes them once. The bytes are those `JSON.stringify({ type, delta })` writes.
 */
const OPEN_DELTA = `data: {"type":"${ELUMENTA_TYPES.delta}","delta":"`;
const CLOSE_DELTA = '"}\n\n';
const CLOSE_THEN_OPEN_DELTA = CLOSE_DELTA + OPEN_DELTA;

type Handlers = {
  [T in StreamEventType]: (self: ElumentaEncoder, event: Extract<StreamEvent, { type: T }>) => void;
};

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
   * Or the last object is a plain `content_delta`, held as its text (see `OPEN_DELTA`); it
   * becomes an object only if `extra` fields join it.
   */
  #pendingText: string | undefined;
  /** A plain delta was written but for its close, which is due before anything else. */
  #closeOwed = false;
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

  /**
   * What each event type does: a table typed over every event type rather than a `match`, so a
   * new variant is a build error here all the same, without a matcher's cost on every event.
   */
  static readonly #handlers: Handlers = {
    metadata: (self, e) => {
      if (
        e.created !== undefined ||
        e.systemFingerprint !== undefined ||
        e.serviceTier !== undefined
      ) {
        self.#drop("metadata created/systemFingerprint/serviceTier");
      }
      if (e.id !== undefined) self.#id = e.id;
      if (e.model !== undefined) self.#model = e.model;
      if (self.#roleOwed && self.#pending?.type === ELUMENTA_TYPES.start) {
        self.#pending = self.#startObject();
      } else if (!self.#started) {
        self.#open();
        self.#roleOwed = true;
      }
      // Otherwise the new id goes on the next generation_end (or generation_start).
    },
    role: (self, e) => {
      if (e.choice !== 0) return self.#drop("choices other than 0");
      if (e.role !== "assistant") self.#drop(`role ${e.role}`);
      if (self.#roleOwed) self.#roleOwed = false;
      else self.#open();
    },
    "text-delta": (self, e) => self.#text(e.choice, e.text),
    finish: (self, e) => {
      if (e.choice !== 0) return self.#drop("choices other than 0");
      if (e.reason !== "stop") self.#drop(`finish reason ${e.reason}`);
      if (self.#roleOwed && self.#pending?.type === ELUMENTA_TYPES.start) {
        // Metadata right before a finish, with no role: a generation_end's new id, not a start.
        self.#pending = undefined;
        self.#started = false;
      }
      self.#roleOwed = false;
      self.#put(self.#endObject(self.#billing));
      self.#billing = undefined;
      self.#ended = true;
    },
    usage: (self, e) => self.#usage(e),
    extra: (self, e) => {
      if (e.dialect !== "elumenta") return self.#drop(`fields of another dialect (${e.dialect})`);
      if (e.scope !== "response") return self.#drop(`extra fields of a ${e.scope}`);
      self.#extra(e.fields);
    },
    unknown: (self, e) => {
      if (e.dialect !== "elumenta") {
        self.#drop(`an event of another dialect (${e.dialect})`);
      } else if (e.event !== undefined && e.event !== "message") {
        self.#put(undefined);
        self.#write(formatSseEvent({ event: e.event, data: unknownText(e.data) }));
      } else if (
        isJsonObject(e.data) &&
        typeof e.data.type === "string" &&
        !isKnownType(e.data.type)
      ) {
        self.#put(undefined);
        self.#write(formatSseData(JSON.stringify(e.data)));
      } else {
        // Written as is, it would read back as an Elumenta event or as an invalid one.
        self.#drop("unknown events that are not objects with an unknown `type`");
      }
    },
    comment: (self, e) => {
      self.#put(undefined);
      self.#write(formatSseComment(e.text));
    },
    error: (self, e) => {
      if (e.dialect !== undefined && e.dialect !== "elumenta" && e.data !== undefined) {
        self.#drop(`the error object of another dialect (${e.dialect}): its message is written`);
      }
      self.#roleOwed = false;
      self.#put(errorObject(e), e.code !== "provider-error");
    },
    end: (self) => {
      self.#put(undefined);
      if (self.#billing !== undefined) self.#drop("usage billing without a finish");
      self.#billing = undefined;
      // Always the terminator: how the stream ended is carried by the error events before it,
      // which decode back to the same end reason (a cut-off error keeps its code).
      self.#write(formatSseData(DONE));
    },
    "reasoning-delta": (self, e) => self.#drop(e.type),
    "reasoning-signature": (self, e) => self.#drop(e.type),
    "reasoning-redacted": (self, e) => self.#drop(e.type),
    "refusal-delta": (self, e) => self.#drop(e.type),
    "tool-call-start": (self, e) => self.#drop(e.type),
    "tool-call-delta": (self, e) => self.#drop(e.type),
    "tool-call-end": (self, e) => self.#drop(e.type),
    logprobs: (self, e) => self.#drop(e.type),
    receipt: (self, e) => self.#drop(e.type),
  };

  encode(event: StreamEvent): void {
    this.#current = event;
    // Text deltas are nearly every event: tested before the table, whose lookup by a key that
    // varies from call to call is a generic (slower) property load.
    if (event.type === "text-delta") {
      this.#text(event.choice, event.text);
      return;
    }
    (ElumentaEncoder.#handlers[event.type] as (self: ElumentaEncoder, event: StreamEvent) => void)(
      this,
      event,
    );
  }

  #text(choice: number, text: string): void {
    if (choice !== 0) {
      this.#drop("choices other than 0");
      return;
    }
    if (text === "") return;
    this.#roleOwed = false;
    this.#writePending();
    this.#pendingText = text;
    this.#pendingTakesExtra = true;
  }

  flush(): void {
    this.#put(undefined);
  }

  /** Writes the pending object, and holds `next` in its place. */
  #put(next: JsonObject | undefined, takesExtra = true): void {
    this.#writePending();
    this.#closeDelta();
    this.#pending = next;
    this.#pendingTakesExtra = next !== undefined && takesExtra;
  }

  /** Writes the pending object or plain delta, if any. A plain delta's close is left owed. */
  #writePending(): void {
    const text = this.#pendingText;
    if (text !== undefined) {
      this.#pendingText = undefined;
      // The close of the plain delta before, and this one's opening: one reusable string.
      this.#write(this.#closeOwed ? CLOSE_THEN_OPEN_DELTA : OPEN_DELTA, true);
      this.#write(jsonStringBody(text));
      this.#closeOwed = true;
    } else if (this.#pending !== undefined) {
      this.#closeDelta();
      this.#write(formatSseData(JSON.stringify(this.#pending)));
      this.#pending = undefined;
    }
  }

  #closeDelta(): void {
    if (!this.#closeOwed) return;
    this.#closeOwed = false;
    this.#write(CLOSE_DELTA, true);
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
    if (this.#pendingText !== undefined) {
      // The plain delta the fields came with, as the object they join.
      this.#pending = { type: ELUMENTA_TYPES.delta, delta: this.#pendingText };
      this.#pendingText = undefined;
    }
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
