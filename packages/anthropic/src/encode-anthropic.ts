import {
  assignOwn,
  type DialectEncoder,
  type ErrorEvent,
  type FinishEvent,
  formatSseComment,
  formatSseData,
  formatSseEvent,
  isJsonObject,
  type JsonObject,
  type MetadataEvent,
  type ReportDrop,
  randomHex,
  type StreamEvent,
  type UnknownEvent,
  type UsageEvent,
  type Write,
} from "@sse-dialects/core";
import { EVENT, FINAL_CODES, STOP_REASONS } from "./anthropic-wire.js";
import { toAnthropicError } from "./map-anthropic-error.js";
import { mergeUsage, toAnthropicUsage, type Usage } from "./map-anthropic-usage.js";
import { ContentBlocks } from "./sequence-content-blocks.js";

/** Options of the Anthropic encoder. */
export interface AnthropicEncodeOptions {
  /**
   * The message id to write when the source has none (Gemini, Ollama). Default: a random
   * `msg_…` id per stream.
   */
  generateId?: () => string;
  /** The model to write when the source names none. Default `"unknown"`. */
  model?: string;
}

/** The unified reason → Anthropic's `stop_reason`, when the raw value is not already Anthropic's. */
const STOP_REASON_OF = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "refusal",
} as const;

function randomId(): string {
  return `msg_${randomHex(32)}`;
}

/**
 * Normalized events → Anthropic Messages SSE, in the order the SDK's `MessageStream` requires:
 * `message_start` first (id and model from the source, or generated; the usage known then), the
 * content blocks with contiguous indexes, one open at a time, each opened and closed (see
 * {@link ContentBlocks}), then `message_delta` with the stop reason and the complete usage, then
 * `message_stop`. A final error closes what is open and becomes `event: error`, which the SDK
 * raises; nothing follows it.
 *
 * Held: `message_start` until the first event that is not part of it (metadata, role, usage, its
 * fields) or the end of the input batch; `message_delta` until the next event or the end of the
 * batch, so the usage that follows a finish (OpenAI) goes on it; a later usage writes another
 * `message_delta` with the same stop reason. And what {@link ContentBlocks} holds.
 *
 * Reported (Anthropic cannot express them): choices other than 0, logprobs, receipts, `created`
 * / `systemFingerprint` / `serviceTier` and a changed id or model after `message_start`,
 * refusals (written as text), usage `totalTokens` and `billing`, a finish `error` (the error event
 * says it), other dialects' `unknown`, `extra` and error objects.
 *
 * @example
 * ```ts
 * import { encodeAll } from "@sse-dialects/core";
 * import { anthropic } from "@sse-dialects/anthropic";
 *
 * encodeAll([{ type: "text-delta", choice: 0, text: "Hi" }, { type: "end", reason: "done" }], anthropic);
 * // event: message_start … event: content_block_start … event: message_stop
 * ```
 */
export class AnthropicEncoder implements DialectEncoder {
  readonly #write: Write;
  readonly #report: ReportDrop;
  readonly #options: AnthropicEncodeOptions;
  readonly #blocks: ContentBlocks;
  #current: StreamEvent | undefined;
  #id: string | undefined;
  #model: string | undefined;
  #role = "assistant";
  #usage: Usage | undefined;
  /** Anthropic fields of the message (`extra` scope `response` before the start is written). */
  #messageFields: JsonObject | undefined;
  /** `message_start` is owed (something of it arrived) but not written. */
  #startPending = false;
  #started = false;
  /** The stop reason written or to write. */
  #stopReason: string | null | undefined;
  /** The `message_delta` not yet written. */
  #delta: JsonObject | undefined;
  /** Anthropic fields of the delta (`extra` scope `choice`): kept for a repeated `message_delta`. */
  #deltaFields: JsonObject | undefined;
  /** A final error was written: the stream is over. */
  #failed = false;

  constructor(write: Write, options: AnthropicEncodeOptions = {}, drop: ReportDrop = () => {}) {
    this.#write = write;
    this.#report = drop;
    this.#options = options;
    this.#blocks = new ContentBlocks(
      (name, data) => this.#event(name, data),
      write,
      (event, reason) => this.#report(event, `Anthropic cannot express ${reason}`),
    );
  }

  encode(event: StreamEvent): void {
    this.#current = event;
    if (this.#failed && event.type !== "end") {
      this.#drop("events after a final error");
      return;
    }
    // A switch with a `never` check: exhaustive like ts-pattern's `.exhaustive()`, which hit the
    // compiler's instantiation depth on this many cases.
    switch (event.type) {
      case "metadata":
        this.#metadata(event);
        return;
      case "role":
        if (event.choice !== 0) {
          this.#drop("choices other than 0");
          return;
        }
        if (!this.#started) {
          this.#role = event.role;
          this.#startPending = true;
        } else if (event.role !== this.#role) this.#drop("a new role after message_start");
        return;
      case "usage":
        this.#usageEvent(event);
        return;
      case "refusal-delta":
        if (event.choice !== 0) {
          this.#drop("choices other than 0");
          return;
        }
        this.#drop("a refusal as such: it is written as text");
        this.#ensureStarted();
        this.#blocks.push(event);
        return;
      case "text-delta":
      case "reasoning-delta":
      case "reasoning-signature":
      case "reasoning-redacted":
      case "tool-call-start":
      case "tool-call-delta":
      case "tool-call-end":
        if (event.choice !== 0) {
          this.#drop("choices other than 0");
          return;
        }
        this.#ensureStarted();
        this.#blocks.push(event);
        return;
      case "finish":
        this.#finish(event);
        return;
      case "extra":
        if (event.dialect === "anthropic") this.#extra(event);
        else this.#drop(`fields of another dialect (${event.dialect})`);
        return;
      case "unknown":
        this.#unknown(event);
        return;
      case "comment":
        if (this.#startPending) this.#ensureStarted();
        this.#writeDelta();
        this.#write(formatSseComment(event.text));
        return;
      case "error":
        this.#error(event);
        return;
      case "end":
        this.#end();
        return;
      case "logprobs":
      case "receipt":
        this.#drop(event.type);
        return;
      default: {
        const unhandled: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unhandled)}`);
      }
    }
  }

  #metadata(e: MetadataEvent): void {
    if (
      e.created !== undefined ||
      e.systemFingerprint !== undefined ||
      e.serviceTier !== undefined
    ) {
      this.#drop("metadata created/systemFingerprint/serviceTier");
    }
    if (!this.#started) {
      if (e.id !== undefined) this.#id = e.id;
      if (e.model !== undefined) this.#model = e.model;
      this.#startPending = true;
    } else if (
      (e.id !== undefined && e.id !== this.#id) ||
      (e.model !== undefined && e.model !== this.#model)
    ) {
      this.#drop("a new id or model after message_start");
    }
  }

  #unknown(e: UnknownEvent): void {
    if (e.dialect !== "anthropic") {
      this.#drop(`an event of another dialect (${e.dialect})`);
      return;
    }
    const data = e.data;
    const type = isJsonObject(data) && typeof data.type === "string" ? data.type : undefined;
    const name = e.event ?? type;
    if (!isJsonObject(data) || name === undefined) {
      this.#drop("an event without a name or an object");
      return;
    }
    this.#ensureStarted();
    if (type === EVENT.blockStart || type === EVENT.blockDelta || type === EVENT.blockStop) {
      this.#blocks.push(e);
      return;
    }
    this.#writeDelta();
    // An event that came without an `event:` line (a gateway that sends data only) goes back the
    // same way; the SDK skips such events, as it skips `ping`.
    if (e.event === undefined) this.#write(formatSseData(JSON.stringify(data)));
    else this.#event(name, data);
  }

  #end(): void {
    if (this.#failed) return;
    this.#ensureStarted();
    this.#blocks.drain();
    if (this.#stopReason === undefined) {
      // No finish: the message ends without a stop reason, as the events say.
      this.#stopReason = null;
      this.#delta = this.#deltaObject();
    }
    this.#writeDelta();
    this.#event(EVENT.messageStop, { type: EVENT.messageStop });
  }

  flush(): void {
    if (this.#failed) return;
    if (this.#startPending) this.#ensureStarted();
    this.#writeDelta();
  }

  #event(name: string, data: JsonObject): void {
    this.#write(formatSseEvent({ event: name, data: JSON.stringify(data) }));
  }

  #drop(what: string): void {
    this.#report(this.#current!, `Anthropic cannot express ${what}`);
  }

  #ensureStarted(): void {
    if (this.#started) return;
    this.#started = true;
    this.#startPending = false;
    const message: JsonObject = {
      id: this.#id ?? (this.#options.generateId ?? randomId)(),
      type: "message",
      role: this.#role,
      model: this.#model ?? this.#options.model ?? "unknown",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: toAnthropicUsage(this.#usage),
    };
    if (this.#messageFields !== undefined) {
      for (const key of Object.keys(this.#messageFields))
        if (!Object.hasOwn(message, key)) message[key] = this.#messageFields[key]!;
      this.#messageFields = undefined;
    }
    this.#event(EVENT.messageStart, { type: EVENT.messageStart, message });
  }

  #usageEvent(usage: UsageEvent): void {
    const { type: _, totalTokens, billing, extra, dialect, ...named } = usage;
    if (totalTokens !== undefined) this.#drop("usage totalTokens (Anthropic has no total)");
    if (billing !== undefined) this.#drop("usage billing");
    const kept: Usage = { ...named };
    if (extra !== undefined) {
      if (dialect === "anthropic") {
        kept.extra = extra;
        kept.dialect = dialect;
      } else this.#drop(`usage fields of another dialect (${dialect ?? "none"})`);
    }
    this.#usage = mergeUsage(this.#usage, kept);
    if (!this.#started) {
      this.#startPending = true;
      return;
    }
    if (this.#delta !== undefined) this.#delta.usage = toAnthropicUsage(this.#usage);
    // The finish was written already: the SDK keeps the last message_delta, so a new one carries
    // the same stop reason and the complete usage.
    else if (this.#stopReason !== undefined) this.#delta = this.#deltaObject();
  }

  #finish(finish: FinishEvent): void {
    if (finish.choice !== 0) {
      this.#drop("choices other than 0");
      return;
    }
    if (finish.reason === "error") {
      // The error event that follows says it; Anthropic has no stop reason for it.
      this.#drop("finish reason error (the error event is written)");
      return;
    }
    this.#ensureStarted();
    this.#blocks.drain();
    this.#writeDelta();
    this.#stopReason = this.#stopReasonOf(finish);
    this.#delta = this.#deltaObject();
  }

  #stopReasonOf({ reason, raw }: Pick<FinishEvent, "reason" | "raw">): string {
    const anthropicRaw = Object.hasOwn(STOP_REASONS, raw) && STOP_REASONS[raw] === reason;
    // Clients run the calls only on `tool_use`: Ollama and Gemini say "stop" after a call.
    if (
      this.#blocks.hasToolCalls &&
      (reason === "stop" || reason === "tool_calls" || (reason === "other" && !anthropicRaw))
    ) {
      return "tool_use";
    }
    if (anthropicRaw) return raw;
    if (reason === "other") {
      this.#drop(`stop reason ${JSON.stringify(raw)}: written as end_turn`);
      return STOP_REASON_OF.stop;
    }
    return STOP_REASON_OF[reason as keyof typeof STOP_REASON_OF];
  }

  #deltaObject(): JsonObject {
    const delta: JsonObject = { stop_reason: this.#stopReason ?? null, stop_sequence: null };
    if (this.#deltaFields !== undefined) assignOwn(delta, this.#deltaFields);
    return { type: EVENT.messageDelta, delta, usage: toAnthropicUsage(this.#usage) };
  }

  #writeDelta(): void {
    if (this.#delta === undefined) return;
    this.#event(EVENT.messageDelta, this.#delta);
    this.#delta = undefined;
  }

  #extra(event: Extract<StreamEvent, { type: "extra" }>): void {
    const { fields } = event;
    switch (event.scope) {
      case "response":
        if (!this.#started) {
          this.#messageFields = assignOwn(this.#messageFields ?? {}, fields);
          this.#startPending = true;
        } else if (this.#delta !== undefined) {
          for (const key of Object.keys(fields))
            if (!Object.hasOwn(this.#delta, key)) this.#delta[key] = fields[key]!;
        } else this.#drop("message fields after message_start");
        return;
      case "choice":
        if (this.#delta !== undefined && isJsonObject(this.#delta.delta)) {
          this.#deltaFields = assignOwn(this.#deltaFields ?? {}, fields);
          assignOwn(this.#delta.delta, fields);
        } else this.#drop("message_delta fields outside a message_delta");
        return;
      case "part":
        this.#blocks.startFields(`p:${event.part}`, fields, event);
        return;
      case "tool-call":
        this.#blocks.startFields(`t:${event.index}`, fields, event);
        return;
      case "delta":
        this.#drop("fields of an OpenAI delta");
        return;
    }
  }

  #error(error: ErrorEvent): void {
    if (error.dialect !== undefined && error.dialect !== "anthropic" && error.data !== undefined) {
      this.#drop(`the error object of another dialect (${error.dialect}): its message is written`);
    }
    if (this.#startPending) this.#ensureStarted();
    const final = FINAL_CODES.has(error.code);
    if (final) {
      // Close what is open, so the SDK's message is whole up to the error it then raises; a tool
      // call cut short stays open (its stop would say its input is complete).
      this.#blocks.drain(true);
      this.#failed = true;
      // Usage that came after `message_start` and before any finish would be lost with the
      // stream: a `message_delta` without a stop reason carries it (the SDK keeps its usage).
      if (this.#delta === undefined && this.#stopReason === undefined && this.#usage !== undefined)
        this.#delta = this.#deltaObject();
    }
    this.#writeDelta();
    this.#event(EVENT.error, toAnthropicError(error));
  }
}
