import {
  type DialectEncoder,
  type ErrorEvent,
  ExactJson,
  type FinishEvent,
  isJsonObject,
  type JsonObject,
  type MetadataEvent,
  nestsTooDeep,
  parseJson,
  type ReportDrop,
  type StreamEvent,
  type UsageEvent,
  type Write,
} from "@sse-dialects/core";
import { DURATIONS, mapOllamaDoneReason, OLLAMA, OLLAMA_DONE_REASON } from "./ollama-wire.js";

/** Options of the Ollama encoder. */
export interface OllamaEncodeOptions {
  /** Which endpoint's lines to write: `/api/chat` (default) or `/api/generate`. */
  endpoint?: "chat" | "generate";
}

/** The epoch, for lines written before any `created`. */
const EPOCH = "1970-01-01T00:00:00Z";

interface PendingCall {
  event: StreamEvent;
  id: string | undefined;
  name: string;
  args: string;
}

/**
 * Normalized events → Ollama NDJSON, one object per line ending in `\n`, as `/api/chat` (or
 * `/api/generate`) streams it: each line has `model`, `created_at`, the `message` (or `response`)
 * and `done`. Text and thinking are written at once. A tool call is written whole at its
 * `tool-call-end`, `function.arguments` an object. The `done: true` line carries the finish,
 * the counts and durations, and ends the stream for every Ollama client, so it is written at
 * the end, after any usage that follows the finish: the one line this encoder holds besides the
 * calls. An error is an `{"error": "…"}` line. Choices other than 0, refusals (written as text),
 * signatures, redacted reasoning, logprobs, receipts, billing, comments and other dialects' data
 * go to the drop report.
 */
export class OllamaEncoder implements DialectEncoder {
  readonly #write: Write;
  readonly #report: ReportDrop;
  readonly #generate: boolean;
  readonly #calls = new Map<number, PendingCall>();
  /** Writes arguments that `JSON.stringify` would change with their own digits. */
  readonly #exact = new ExactJson();
  #model = "";
  #createdAt = EPOCH;
  #roleWritten = false;
  #callsWritten = 0;
  /** The counts and durations for the done line. */
  #usage: JsonObject = {};
  /** The done line, once the finish came. */
  #done: JsonObject | undefined;
  #current: StreamEvent | undefined;
  /** `{"model":…,"created_at":…,`: how every line starts, until the metadata changes. */
  #head: string | undefined;

  constructor(write: Write, options: OllamaEncodeOptions = {}, drop: ReportDrop = () => {}) {
    this.#write = write;
    this.#report = drop;
    this.#generate = options.endpoint === "generate";
  }

  encode(event: StreamEvent): void {
    this.#current = event;
    if ("choice" in event && event.choice !== undefined && event.choice !== 0) {
      this.#drop("choices other than 0");
      return;
    }
    // A switch with a `never` check: exhaustive like ts-pattern's `.exhaustive()`, whose matcher
    // cost about a fifth of a conversion into Ollama in `pnpm bench`.
    switch (event.type) {
      case "text-delta":
        if (event.text !== "") this.#textLine(event.text, false);
        return;
      case "reasoning-delta":
        if (event.text !== "") this.#textLine(event.text, true);
        return;
      case "metadata":
        this.#metadata(event);
        return;
      case "role":
        if (event.role !== "assistant") this.#drop(`role ${event.role}`);
        if (!this.#roleWritten) this.#line({});
        return;
      case "refusal-delta":
        this.#drop("a refusal apart from text (written as text)");
        if (event.text !== "") this.#textLine(event.text, false);
        return;
      case "tool-call-start":
        if (this.#generate) {
          this.#drop("tool calls on /api/generate");
          return;
        }
        this.#calls.set(event.index, { event, id: event.id, name: event.name, args: "" });
        return;
      case "tool-call-delta": {
        const call = this.#calls.get(event.index);
        if (call !== undefined) call.args += event.delta;
        return;
      }
      case "tool-call-end": {
        const call = this.#calls.get(event.index);
        if (call === undefined) return;
        this.#calls.delete(event.index);
        this.#writeCall(call);
        return;
      }
      case "finish":
        this.#finish(event);
        return;
      case "usage":
        this.#usageEvent(event);
        return;
      case "extra":
        if (event.dialect !== OLLAMA) {
          this.#drop(`fields of another dialect (${event.dialect})`);
          return;
        }
        if (event.scope === "response") {
          if (this.#done !== undefined) Object.assign(this.#done, event.fields);
          else this.#line({}, event.fields);
        } else if (event.scope === "delta" && !this.#generate) this.#line(event.fields);
        else this.#drop(`${event.scope} fields`);
        return;
      case "error":
        this.#writeOpenCalls();
        this.#write(`${JSON.stringify(errorLine(event, (what) => this.#drop(what)))}\n`);
        return;
      case "end":
        this.#end(event);
        return;
      case "comment":
        this.#drop("comments (NDJSON has none)");
        return;
      case "unknown":
        this.#drop(`an event of another dialect (${event.dialect})`);
        return;
      case "reasoning-signature":
        this.#drop("reasoning signatures");
        return;
      case "reasoning-redacted":
        this.#drop("redacted reasoning");
        return;
      case "logprobs":
        this.#drop("logprobs");
        return;
      case "receipt":
        this.#drop("receipts");
        return;
      default: {
        const unhandled: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unhandled)}`);
      }
    }
  }

  #metadata(e: MetadataEvent): void {
    if (e.id !== undefined || e.systemFingerprint !== undefined || e.serviceTier !== undefined)
      this.#drop("metadata id/systemFingerprint/serviceTier");
    if (e.model === undefined && e.created === undefined) return;
    if (e.model !== undefined) this.#model = e.model;
    if (e.created !== undefined) {
      // A time past what a Date holds (±8.64e15 ms) has no ISO form: it is reported instead.
      const date = new Date(e.created * 1000);
      if (Number.isNaN(date.getTime())) this.#drop(`metadata created ${e.created}`);
      else this.#createdAt = date.toISOString();
    }
    this.#head = undefined;
    this.#line({});
  }

  #end(event: StreamEvent): void {
    this.#writeOpenCalls();
    if (this.#done !== undefined) {
      this.#write(`${JSON.stringify(this.#done)}\n`);
      this.#done = undefined;
    } else if (Object.keys(this.#usage).length > 0) {
      this.#report(
        event,
        "Ollama cannot express usage without a done line (the stream did not finish)",
      );
    }
  }

  /**
   * A line of text or thinking, the hot path: written as text around the JSON string, with the
   * same bytes as `#line` writes (`model`, `created_at`, then the message, then `done`), without
   * building and stringifying the line's objects.
   */
  #textLine(text: string, thinking: boolean): void {
    this.#roleWritten = true;
    this.#head ??= `{"model":${JSON.stringify(this.#model)},"created_at":${JSON.stringify(this.#createdAt)},`;
    const json = JSON.stringify(text);
    if (this.#generate)
      this.#write(
        thinking
          ? `${this.#head}"response":"","thinking":${json},"done":false}\n`
          : `${this.#head}"response":${json},"done":false}\n`,
      );
    else
      this.#write(
        thinking
          ? `${this.#head}"message":{"role":"assistant","content":"","thinking":${json}},"done":false}\n`
          : `${this.#head}"message":{"role":"assistant","content":${json}},"done":false}\n`,
      );
  }

  flush(): void {}

  /** One line: `message` (or `response`) with `content`, plus `fields` on the line. */
  #line(message: JsonObject, fields?: JsonObject, done = false): JsonObject {
    this.#roleWritten = true;
    const line: JsonObject = { model: this.#model, created_at: this.#createdAt };
    if (this.#generate) {
      line.response = typeof message.content === "string" ? message.content : "";
      if (typeof message.thinking === "string") line.thinking = message.thinking;
    } else {
      line.message = { role: "assistant", content: "", ...message };
    }
    line.done = done;
    if (fields !== undefined) Object.assign(line, fields);
    if (!done) this.#write(`${this.#exact.stringify(line)}\n`);
    return line;
  }

  #writeCall(call: PendingCall): void {
    let args: unknown;
    if (call.args !== "") {
      try {
        // Arguments nested past the JSON depth limit are not parsed: writing them back would
        // overflow the stack (see `nestsTooDeep`).
        args = nestsTooDeep(call.args) ? undefined : parseJson(call.args);
      } catch {
        args = undefined;
      }
      if (!isJsonObject(args as JsonObject)) {
        this.#report(
          call.event,
          "Ollama cannot express tool-call arguments that are not a JSON object",
        );
        args = undefined;
      }
    }
    const fn: JsonObject = { name: call.name };
    if (args !== undefined) fn.arguments = this.#exact.value(call.args, args as JsonObject);
    const toolCall: JsonObject = { function: fn };
    if (call.id !== undefined) toolCall.id = call.id;
    this.#callsWritten++;
    this.#line({ tool_calls: [toolCall] });
  }

  #writeOpenCalls(): void {
    const open = [...this.#calls.values()];
    this.#calls.clear();
    for (const call of open) this.#writeCall(call);
  }

  #finish(e: FinishEvent): void {
    this.#writeOpenCalls();
    if (e.reason === "error") {
      // Ollama ends a failed stream with its error line; a done line would hide it from clients.
      this.#drop("the finish reason error (the error line says it)");
      return;
    }
    const hadCalls = this.#callsWritten > 0;
    let raw = e.raw;
    // Only Ollama's own values go on its wire (clients type `done_reason` as a closed set).
    if (
      mapOllamaDoneReason(raw, hadCalls) !== e.reason ||
      raw === "" ||
      !OLLAMA_DONE_VALUES.has(raw)
    ) {
      raw = OLLAMA_DONE_REASON[e.reason];
      if (mapOllamaDoneReason(raw, hadCalls) !== e.reason)
        this.#drop(`the finish reason ${e.reason} (written as ${raw})`);
    }
    this.#done = this.#line({}, { done_reason: raw, ...this.#usage }, true);
  }

  #usageEvent(e: UsageEvent): void {
    if (e.billing !== undefined) this.#drop("usage billing");
    if (
      e.cachedTokens !== undefined ||
      e.cacheWriteTokens !== undefined ||
      e.reasoningTokens !== undefined
    )
      this.#drop("cached, cache-write or reasoning token counts");
    if (e.extra !== undefined && e.dialect !== OLLAMA)
      this.#drop(`usage fields of another dialect (${e.dialect})`);
    if (e.promptTokens !== undefined) this.#usage.prompt_eval_count = e.promptTokens;
    if (e.completionTokens !== undefined) this.#usage.eval_count = e.completionTokens;
    if (e.extra !== undefined && e.dialect === OLLAMA) {
      for (const key of DURATIONS) if (e.extra[key] !== undefined) this.#usage[key] = e.extra[key]!;
    }
    if (this.#done !== undefined) Object.assign(this.#done, this.#usage);
  }

  #drop(what: string): void {
    this.#report(this.#current!, `Ollama cannot express ${what}`);
  }
}

/** An error event as Ollama's error line; our own codes ride beside the message. */
/** The `done_reason` values Ollama documents. */
const OLLAMA_DONE_VALUES: ReadonlySet<string> = new Set(["stop", "length", "load", "unload"]);

function errorLine(event: ErrorEvent, drop: (what: string) => void): JsonObject {
  if (event.code === "provider-error") {
    if (event.dialect === OLLAMA && isJsonObject(event.data) && event.data.error === event.message)
      return event.data;
    if (event.dialect !== undefined && event.dialect !== OLLAMA && event.data !== undefined)
      drop(`the error object of another dialect (${event.dialect}): its message is written`);
    return { error: event.message };
  }
  const line: JsonObject = { error: event.message, code: event.code };
  if (event.data !== undefined) line.data = event.data;
  return line;
}
