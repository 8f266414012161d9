import {
  type DialectDecoder,
  EACH,
  type Emit,
  type ErrorCode,
  errorEvent,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type MetadataEvent,
  ownCopy,
  parseJsonData,
  SourceTexts,
  setOwn,
  type UsageEvent,
  type WireMessage,
} from "@sse-dialects/core";
import { DURATIONS, mapOllamaDoneReason, OLLAMA, OWN_ERROR_CODES } from "./ollama-wire.js";

const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** The date and time of an ISO 8601 time, to the second. */
const ISO_HEAD = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

/**
 * Ollama NDJSON lines (`/api/chat` or `/api/generate`) → normalized events, choice 0.
 *
 * Per line: `metadata` when `model` or `created_at` (as Unix seconds) changed; `role` on the
 * first line; `message.thinking` / `thinking` → `reasoning-delta`; `message.content` /
 * `response` → `text-delta`; each `message.tool_calls[]` entry, whole → `tool-call-start` (its
 * `id` only when sent), one `tool-call-delta` with `function.arguments` as JSON (with the
 * line's own digits where `JSON.stringify` would change a number: see `SourceTexts`),
 * `tool-call-end`; message fields the model does not name → `extra` scope `delta`, line fields →
 * `extra` scope `response` (`/api/generate`'s `context`). `done: true` → `finish` (`done_reason`:
 * `stop` → stop, or tool_calls when calls were streamed; `length`; `load`/`unload` → other) and
 * `usage` (`prompt_eval_count`, `eval_count`, their sum, the durations in nanoseconds as
 * `extra`). An `{"error": "…"}` line is a final `provider-error`. A stream is complete at its
 * `done: true` line; bytes that end before are cut off (the framing discards an
 * unterminated last line).
 */
export class OllamaDecoder implements DialectDecoder {
  readonly #emit: Emit;
  #model: string | undefined;
  #created: number | undefined;
  #started = false;
  #calls = 0;
  #done = false;
  #failed = false;
  /** The JSON text of each call's `function.arguments` (see `SourceTexts`). */
  readonly #arguments = new SourceTexts(["message", "tool_calls", EACH, "function", "arguments"]);

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  message(message: WireMessage): void {
    const value = parseJsonData(message.data, this.#emit);
    if (value === undefined) return;
    if (!isJsonObject(value)) {
      this.#emit(errorEvent("invalid-event", "An Ollama line must be a JSON object", value));
      return;
    }
    if (value.error !== undefined) {
      this.#error(value);
      return;
    }
    this.#arguments.reset(message.data);
    this.#line(value);
  }

  end(): boolean {
    return this.#done || this.#failed;
  }

  #line(line: JsonObject): void {
    // One pass over the line's fields, named by a switch (a set lookup and a second pass per
    // line for the fields the model does not name cost a tenth of decoding).
    let model: JsonValue | undefined;
    let createdAt: JsonValue | undefined;
    let message: JsonValue | undefined;
    let response: JsonValue | undefined;
    let thinking: JsonValue | undefined;
    let extra: JsonObject | undefined;
    for (const key in line) {
      const value = line[key]!;
      switch (key) {
        case "model":
          model = value;
          continue;
        case "created_at":
          createdAt = value;
          continue;
        case "message":
          message = value;
          continue;
        case "response":
          response = value;
          continue;
        case "thinking":
          thinking = value;
          continue;
        case "done":
        case "done_reason":
        case "prompt_eval_count":
        case "eval_count":
        case "total_duration":
        case "load_duration":
        case "prompt_eval_duration":
        case "eval_duration":
          continue;
      }
      extra ??= {};
      setOwn(extra, key, value);
    }
    const created = typeof createdAt === "string" ? this.#seconds(createdAt) : Number.NaN;
    const newModel = typeof model === "string" && model !== this.#model;
    const newCreated = Number.isFinite(created) && created !== this.#created;
    if (newModel || newCreated) {
      const metadata: MetadataEvent = { type: "metadata" };
      if (newModel) {
        this.#model = model as string;
        metadata.model = this.#model;
      }
      if (newCreated) {
        this.#created = created;
        metadata.created = created;
      }
      this.#emit(metadata);
    }
    if (isJsonObject(message)) this.#message(message);
    else {
      if (!this.#started) this.#start("assistant");
      if (typeof thinking === "string" && thinking !== "")
        this.#emit({ type: "reasoning-delta", choice: 0, text: thinking });
      if (typeof response === "string" && response !== "")
        this.#emit({ type: "text-delta", choice: 0, text: response });
    }
    if (extra !== undefined)
      this.#emit({ type: "extra", dialect: OLLAMA, scope: "response", fields: extra });
    if (line.done === true) this.#finish(line);
  }

  #start(role: string): void {
    this.#started = true;
    this.#emit({ type: "role", choice: 0, role });
  }

  /** `/api/chat`'s `message`: thinking, content, whole tool calls, and the fields not named. */
  #message(message: JsonObject): void {
    let role: JsonValue | undefined;
    let content: JsonValue | undefined;
    let thinking: JsonValue | undefined;
    let calls: JsonValue | undefined;
    let extra: JsonObject | undefined;
    for (const key in message) {
      const value = message[key]!;
      switch (key) {
        case "role":
          role = value;
          continue;
        case "content":
          content = value;
          continue;
        case "thinking":
          thinking = value;
          continue;
        case "tool_calls":
          calls = value;
          continue;
      }
      extra ??= {};
      setOwn(extra, key, value);
    }
    if (!this.#started) this.#start(typeof role === "string" ? role : "assistant");
    if (typeof thinking === "string" && thinking !== "")
      this.#emit({ type: "reasoning-delta", choice: 0, text: thinking });
    if (typeof content === "string" && content !== "")
      this.#emit({ type: "text-delta", choice: 0, text: content });
    if (Array.isArray(calls)) for (let i = 0; i < calls.length; i++) this.#call(calls[i]!, i);
    if (extra !== undefined)
      this.#emit({ type: "extra", dialect: OLLAMA, scope: "delta", choice: 0, fields: extra });
  }

  /**
   * The last `created_at` that `Date.parse` read as an ISO time, and its Unix second: "" while
   * none was (or the last one read was not a time), which no later time matches.
   */
  #secondTime = "";
  /** Its first 19 characters (`YYYY-MM-DDTHH:MM:SS`), a string of their own. */
  #secondHead = "";
  /** Where that time's zone starts (after its fraction of a second). */
  #secondZoneAt = 0;
  #second = Number.NaN;

  /**
   * `created_at` as Unix seconds. Every line has its own (to the nanosecond), and `Date.parse`
   * per line was a third of decoding: a time that differs from the last one read only in its
   * fraction of a second (the same `YYYY-MM-DDTHH:MM:SS` and zone, a fraction of at least one
   * digit or none) is in the same second, and is not parsed again. The head is compared with
   * `lastIndexOf(head, 0)` (one comparison at index 0, ~40 ns; a loop over its 19 characters
   * took ~70 ns, `startsWith` ~100 ns, Node 20 and 24), the zone in place.
   */
  #seconds(createdAt: string): number {
    const last = this.#secondTime;
    const zoneAt = this.#secondZoneAt;
    const end = createdAt.length - (last.length - zoneAt);
    if (
      last !== "" &&
      (end === 19 ||
        (end > 20 && createdAt.charCodeAt(19) === DOT && isDigits(createdAt, 20, end))) &&
      createdAt.lastIndexOf(this.#secondHead, 0) === 0 &&
      sameChars(createdAt, end, last, zoneAt, last.length - zoneAt)
    )
      return this.#second;
    const second = Math.floor(Date.parse(createdAt) / 1000);
    // Only an ISO time that was read is remembered: a time that was not (`…:00.Z`) says nothing
    // of the next one with the same head and zone (`…:00.5Z`), and in another format (RFC 2822's
    // `Mon, 09 Jun 2025 12:00:00 GMT`) what follows the first 19 characters is no fraction.
    if (Number.isFinite(second) && ISO_HEAD.test(createdAt.slice(0, 19))) {
      // Where the fraction of a second ends (19 when there is none): the zone follows.
      let at = 19;
      if (createdAt.charCodeAt(19) === DOT) {
        at = 20;
        while (at < createdAt.length && isDigit(createdAt.charCodeAt(at))) at++;
      }
      this.#secondTime = createdAt;
      this.#secondHead = ownCopy(createdAt.slice(0, 19));
      this.#secondZoneAt = at;
    } else this.#secondTime = "";
    this.#second = second;
    return second;
  }

  /** The call at `position` in `tool_calls`. */
  #call(call: JsonValue, position: number): void {
    const fn = isJsonObject(call) ? call.function : undefined;
    if (!isJsonObject(call) || !isJsonObject(fn) || typeof fn.name !== "string") {
      this.#emit(
        errorEvent(
          "invalid-event",
          "An Ollama tool call needs a function with a name",
          call ?? null,
        ),
      );
      return;
    }
    const index = this.#calls++;
    this.#emit(
      typeof call.id === "string"
        ? { type: "tool-call-start", choice: 0, index, id: call.id, name: fn.name }
        : { type: "tool-call-start", choice: 0, index, name: fn.name },
    );
    if (fn.arguments !== undefined)
      this.#emit({
        type: "tool-call-delta",
        choice: 0,
        index,
        delta: this.#arguments.json(fn.arguments, position),
      });
    this.#emit({ type: "tool-call-end", choice: 0, index });
  }

  #finish(line: JsonObject): void {
    this.#done = true;
    const raw = typeof line.done_reason === "string" ? line.done_reason : "stop";
    this.#emit({
      type: "finish",
      choice: 0,
      reason: mapOllamaDoneReason(raw, this.#calls > 0),
      raw,
    });
    const usage: UsageEvent = { type: "usage" };
    const prompt = count(line.prompt_eval_count);
    const completion = count(line.eval_count);
    if (prompt !== undefined) usage.promptTokens = prompt;
    if (completion !== undefined) usage.completionTokens = completion;
    if (prompt !== undefined || completion !== undefined)
      usage.totalTokens = (prompt ?? 0) + (completion ?? 0);
    let extra: JsonObject | undefined;
    for (const key of DURATIONS) {
      const value = line[key];
      if (value === undefined) continue;
      extra ??= {};
      extra[key] = value;
    }
    if (extra !== undefined) {
      usage.extra = extra;
      usage.dialect = OLLAMA;
    }
    if (Object.keys(usage).length > 1) this.#emit(usage);
  }

  #error(line: JsonObject): void {
    // Ollama sends nothing after an error line (the client throws on it): it ends the stream.
    this.#failed = true;
    const message = typeof line.error === "string" ? line.error : JSON.stringify(line.error);
    const code = line.code;
    if (typeof code === "string" && OWN_ERROR_CODES.has(code)) {
      this.#emit(errorEvent(code as ErrorCode, message, line.data));
      return;
    }
    this.#emit({ ...errorEvent("provider-error", message, line), dialect: OLLAMA });
  }
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** Whether `a` from `from` and `b` from `at` have the same `length` characters. */
function sameChars(a: string, from: number, b: string, at: number, length: number): boolean {
  for (let i = 0; i < length; i++)
    if (a.charCodeAt(from + i) !== b.charCodeAt(at + i)) return false;
  return true;
}

/** Whether `text` from `start` to `end` is all ASCII digits. */
function isDigits(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

function count(value: JsonValue | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}
