import {
  type DialectEncoder,
  type ErrorEvent,
  formatSseComment,
  formatSseData,
  formatSseEvent,
  type JsonObject,
  type JsonValue,
  type MetadataEvent,
  type ReportDrop,
  type StreamEvent,
  type StreamEventType,
  toolCallIdOf,
  type UsageEvent,
  type Write,
} from "@sse-dialects/core";
import { jsonStringBody } from "./json-string.js";
import { toOpenAIError } from "./map-error.js";
import { toChatFinishReason, toOpenAIFinishReason } from "./map-finish-reason.js";
import { hasTokenCounts, mergeUsage, toOpenAIUsage, type Usage } from "./map-usage.js";

export interface OpenAIEncodeOptions {
  /**
   * Where usage goes: `"separate"` (default), a last chunk with `choices: []` as OpenAI writes
   * for `stream_options.include_usage`; `"finish-chunk"`, on the chunk that carries the
   * `finish_reason` (DeepSeek, Mistral, OpenRouter); `"omit"`, nowhere.
   */
  usage?: "separate" | "finish-chunk" | "omit";
  /**
   * How receipts are written. `"chunk"` (default): a `receipt_id` field on a chunk with
   * `choices: []` (joining the finish or usage chunk when one is open), which every OpenAI
   * client accepts; `"trailer"`: a bare `{"receipt_id": …}` payload before `[DONE]`, exactly as
   * seed 000's gateway writes it (the Vercel AI SDK rejects that payload, having no `choices`,
   * and reports the stream as failed); `"omit"`: not written.
   */
  receipts?: "chunk" | "trailer" | "omit";
  /** The delta field reasoning is written to; `null` leaves reasoning out. Default `reasoning_content`. */
  reasoningField?: "reasoning_content" | "reasoning" | null;
  /** Pass comment events through as SSE comment lines. Default true. */
  comments?: boolean;
}

/*
 * A chunk holds one choice, and within it the parts in the order the decoder reads them back;
 * an event whose part comes earlier than (or repeats) one already in the chunk starts the next
 * chunk. So `decode(encode(events))` gives back the events in their order, however the chunks
 * fall.
 */
const ROLE = 1;
const CHOICE_EXTRA = 2;
const DELTA_EXTRA = 3;
const REASONING = 4;
const TEXT = 5;
const REFUSAL = 6;
const TOOL_CALLS = 7;
const LOGPROBS = 8;
const FINISH = 9;
const USAGE = 10;
const RECEIPT = 11;
const ERROR = 12;

type Handlers = {
  [T in StreamEventType]: (self: OpenAIEncoder, event: Extract<StreamEvent, { type: T }>) => void;
};

/**
 * Encodes normalized events as OpenAI `chat.completion.chunk` SSE, ending with `data: [DONE]`.
 *
 * Every chunk is stamped with the latest metadata (`id`, `object`, `created`, `model`,
 * `system_fingerprint`, `service_tier`); the API reference requires `id`, `created` and `model`
 * on every chunk, so what the source never said is synthesized: a `chatcmpl-…` id, the time of
 * encoding, an empty model name. Events are written as soon as the chunk they belong to is
 * complete, and at the latest on `flush()` (the end of each input batch). Errors become a payload
 * with a top-level `error`, which makes the official `openai` SDK throw. What chat chunks cannot
 * carry (another dialect's `unknown` and `extra` data, reasoning signatures, redacted reasoning)
 * goes to the drop report.
 *
 * @example
 * ```ts
 * let out = "";
 * const encoder = createOpenAIEncoder((text) => { out += text; }, { usage: "finish-chunk" });
 * encoder.encode({ type: "text-delta", choice: 0, text: "Hi" });
 * encoder.encode({ type: "end", reason: "done" });
 * encoder.flush();
 * ```
 */
export function createOpenAIEncoder(
  write: Write,
  options: OpenAIEncodeOptions = {},
  drop: ReportDrop = () => {},
): DialectEncoder {
  return new OpenAIEncoder(write, options, drop);
}

/** A chunk id for a stream whose source had none (`chatcmpl-` and 24 random hex digits). */
function generateChunkId(): string {
  return `chatcmpl-${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
}

class OpenAIEncoder implements DialectEncoder {
  readonly #write: Write;
  readonly #report: ReportDrop;
  readonly #usageMode: "separate" | "finish-chunk" | "omit";
  readonly #receipts: "chunk" | "trailer" | "omit";
  readonly #reasoningField: string | null;
  readonly #comments: boolean;

  /** The metadata stamped on every chunk, and its JSON without the closing brace (cached). */
  #stamp: JsonObject;
  #prefix: string;
  /** A metadata change not yet written: the decoder sees it on the next chunk. */
  #metaDirty = false;
  /** Response-scoped extra fields for the next chunk only (the decoder reports them once). */
  #pendingExtra: JsonObject | undefined;
  #usageSoFar: Usage | undefined;

  /** The chunk under construction. */
  #open = false;
  #stage = 0;
  #hasContent = false;
  #entry: JsonObject | undefined;
  #delta: JsonObject = {};
  /**
   * The open chunk while it is plain: one choice whose delta is one string field (text, reasoning,
   * refusal or role), the chunk nearly every event makes. It is kept as these three fields, not as
   * objects, and written without `JSON.stringify` (see `#writeChunk`); anything else joining it
   * turns it into `#entry`/`#delta` first (`#materialize`).
   */
  #plain = false;
  #plainChoice = 0;
  #plainKey = "";
  #plainText = "";
  /** What `#openPlainChunk` built last, for the prefix, choice and key it was built for. */
  #plainOpen = "";
  #plainOpenAfterClose = "";
  /** A plain chunk was written but for its close (see `#writeChunk`). */
  #closePending = false;
  #plainOpenPrefix = "";
  #plainOpenChoice = -1;
  #plainOpenKey = "";
  #usage: JsonObject | undefined;
  #billing: JsonObject | undefined;
  #receipt: string | undefined;
  #error: JsonValue | undefined;

  constructor(write: Write, options: OpenAIEncodeOptions, drop: ReportDrop) {
    this.#write = write;
    this.#report = drop;
    // Until the source says otherwise (a metadata event), the values every chunk needs.
    this.#stamp = {
      id: generateChunkId(),
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model: "",
    };
    this.#prefix = JSON.stringify(this.#stamp).slice(0, -1);
    this.#usageMode = options.usage ?? "separate";
    this.#receipts = options.receipts ?? "chunk";
    this.#reasoningField =
      options.reasoningField === undefined ? "reasoning_content" : options.reasoningField;
    this.#comments = options.comments ?? true;
  }

  /**
   * What each event type does. A table typed over every event type rather than a `match`: it
   * is exhaustive all the same (a new variant is a build error here), and this runs once per
   * event, where ts-pattern's matcher cost a third of the encoder's time in `pnpm bench`.
   */
  static readonly #handlers: Handlers = {
    metadata: (self, e) => self.#metadata(e),
    role: (self, e) => self.#setDelta(e.choice, ROLE, "role", e.role),
    "text-delta": (self, e) => self.#setDelta(e.choice, TEXT, "content", e.text),
    "reasoning-delta": (self, e) => {
      if (self.#reasoningField !== null)
        self.#setDelta(e.choice, REASONING, self.#reasoningField, e.text);
      else self.#drop(e, "reasoningField is null: reasoning is not written");
    },
    "refusal-delta": (self, e) => self.#setDelta(e.choice, REFUSAL, "refusal", e.text),
    "tool-call-start": (self, e) => {
      self.#toolFragment(e.choice, {
        index: e.index,
        id: toolCallIdOf(e),
        type: "function",
        function: { name: e.name, arguments: "" },
      });
    },
    "tool-call-delta": (self, e) => {
      if (e.delta === "") return;
      if (self.#open && self.#entry?.index === e.choice && self.#stage === TOOL_CALLS) {
        // The call's first fragment is still in this chunk: its arguments go there, as OpenAI's do.
        const calls = self.#delta.tool_calls as JsonObject[];
        const last = calls[calls.length - 1]!;
        const fn = last.function as JsonObject;
        if (last.index === e.index && "id" in last && fn.arguments === "") {
          fn.arguments = e.delta;
          return;
        }
      }
      self.#toolFragment(e.choice, { index: e.index, function: { arguments: e.delta } });
    },
    // OpenAI has no end of a tool call: `finish_reason` ends them all, and the decoder says so.
    "tool-call-end": () => {},
    logprobs: (self, e) => self.#setEntry(e.choice, LOGPROBS, "logprobs", e.logprobs),
    finish: (self, e) => {
      const reason = toChatFinishReason(e);
      // OpenAI clients type `finish_reason` as a closed set: another value breaks them.
      if (reason !== toOpenAIFinishReason(e))
        self.#drop(e, `finish reason ${e.raw} has no OpenAI name: written as stop`);
      self.#setEntry(e.choice, FINISH, "finish_reason", reason);
    },
    usage: (self, e) => self.#usageEvent(e),
    extra: (self, e) => {
      if (e.dialect !== "openai") {
        self.#drop(e, `fields of another dialect (${e.dialect})`);
      } else if (e.scope === "part" || e.scope === "tool-call") {
        self.#drop(e, `chat chunks have no place for ${e.scope} fields`);
      } else if (e.scope === "response") {
        self.#closeChunk();
        if (self.#pendingExtra !== undefined) self.#writePrefix();
        self.#pendingExtra = e.fields;
      } else {
        self.#assignExtra(
          e.choice ?? 0,
          e.scope === "choice" ? CHOICE_EXTRA : DELTA_EXTRA,
          e.fields,
        );
      }
    },
    receipt: (self, e) => self.#receiptEvent(e.id),
    unknown: (self, e) => {
      if (e.dialect === "openai") {
        self.#standalone(formatSseEvent({ event: e.event, data: JSON.stringify(e.data) }));
      } else self.#drop(e, `an event of another dialect (${e.dialect})`);
    },
    comment: (self, e) => {
      if (self.#comments) self.#standalone(formatSseComment(e.text));
    },
    error: (self, e) => self.#errorEvent(e),
    end: (self) => self.#standalone("data: [DONE]\n\n"),
    "reasoning-signature": (self, e) => self.#drop(e, "chat chunks have no reasoning signatures"),
    "reasoning-redacted": (self, e) => self.#drop(e, "chat chunks have no redacted reasoning"),
  };

  encode(event: StreamEvent): void {
    // Text deltas are nearly every event: tested before the table, whose lookup by a key that
    // varies from call to call is a generic (slower) property load.
    if (event.type === "text-delta") {
      this.#setDelta(event.choice, TEXT, "content", event.text);
      return;
    }
    (OpenAIEncoder.#handlers[event.type] as (self: OpenAIEncoder, event: StreamEvent) => void)(
      this,
      event,
    );
  }

  #drop(event: StreamEvent, reason: string): void {
    this.#report(event, reason);
  }

  flush(): void {
    this.#closeChunk();
    this.#writePrefix();
    this.#closePlain();
  }

  #metadata(event: MetadataEvent): void {
    this.#closeChunk();
    // Two changes in a row are two chunks, so the decoder reports them as two events.
    if (this.#metaDirty) this.#writePrefix();
    const stamp = this.#stamp;
    const id = event.id ?? (stamp.id as string | undefined);
    const created = event.created ?? (stamp.created as number | undefined);
    const model = event.model ?? (stamp.model as string | undefined);
    const fingerprint = event.systemFingerprint ?? (stamp.system_fingerprint as string | undefined);
    const tier = event.serviceTier ?? (stamp.service_tier as string | undefined);
    const next: JsonObject = {};
    if (id !== undefined) next.id = id;
    next.object = "chat.completion.chunk";
    if (created !== undefined) next.created = created;
    if (model !== undefined) next.model = model;
    if (fingerprint !== undefined) next.system_fingerprint = fingerprint;
    if (tier !== undefined) next.service_tier = tier;
    this.#stamp = next;
    this.#prefix = JSON.stringify(next).slice(0, -1);
    this.#metaDirty = true;
  }

  #usageEvent(event: UsageEvent): void {
    if (this.#usageMode === "omit") return;
    const { type: _type, ...reported } = event;
    let usage: Usage = reported;
    // Clients keep the last usage they see, so each report carries everything reported so far.
    if (usage.extra !== undefined && usage.dialect !== "openai") {
      // The event itself is reported, so a caller can tell which one lost its fields.
      this.#drop(event, `usage fields of another dialect (${usage.dialect})`);
      const { extra: _, dialect: __, ...named } = usage;
      usage = named;
    }
    this.#usageSoFar = mergeUsage(this.#usageSoFar, usage);
    const { billing, dialect: _, ...tokens } = this.#usageSoFar;
    // `usage` requires its three counts: without any, no token usage is invented, and billing
    // goes under its own key.
    const counted = hasTokenCounts(tokens);
    if (!counted && Object.keys(tokens).length > 0 && !hasTokenCounts(usage)) {
      this.#drop({ type: "usage", ...usage }, "token details without token counts");
    }
    const wire = counted ? toOpenAIUsage(tokens) : undefined;
    if (wire === undefined && billing === undefined) return;
    if (!(this.#usageMode === "finish-chunk" && this.#open && this.#stage === FINISH)) {
      this.#closeChunk();
      this.#open = true;
    }
    this.#stage = USAGE;
    this.#usage = wire;
    this.#billing = billing;
  }

  #receiptEvent(id: string): void {
    if (this.#receipts === "omit") return;
    if (this.#receipts === "trailer") {
      this.#standalone(formatSseData(JSON.stringify({ receipt_id: id })));
      return;
    }
    // A receipt comes after the response: it joins the finish or usage chunk still open.
    if (!(this.#open && this.#stage >= FINISH && this.#stage < RECEIPT)) {
      this.#closeChunk();
      this.#open = true;
    }
    this.#stage = RECEIPT;
    this.#receipt = id;
  }

  #errorEvent(event: ErrorEvent): void {
    if (event.dialect !== undefined && event.dialect !== "openai" && event.data !== undefined) {
      this.#drop(
        event,
        `the error object of another dialect (${event.dialect}): code and message written`,
      );
    }
    const error = toOpenAIError(event);
    // OpenRouter's form: the error shares the chunk of the choice it ended.
    if (
      this.#open &&
      this.#stage >= FINISH &&
      this.#stage < ERROR &&
      this.#entry !== undefined &&
      this.#entry.finish_reason === "error"
    ) {
      this.#error = error;
      this.#stage = ERROR;
      return;
    }
    this.#standalone(formatSseData(JSON.stringify({ error })));
  }

  /**
   * Makes the open chunk the place for a part of `choice`, starting a new one if need be. A
   * chunk carries one piece of content (reasoning, text, refusal or a tool-call fragment), as
   * OpenAI's do: what leads it (role, extras) and what trails it (logprobs, finish, usage) join.
   */
  #part(choice: number, stage: number): void {
    if (this.#joins(choice, stage)) {
      if (this.#plain) this.#materialize();
      this.#stage = stage;
      this.#hasContent ||= isContent(stage);
      return;
    }
    this.#closeChunk();
    this.#openChoice(choice, stage);
  }

  /** Whether a part of `choice` at `stage` belongs in the open chunk. */
  #joins(choice: number, stage: number): boolean {
    if (!this.#open) return false;
    const index = this.#plain ? this.#plainChoice : this.#entry?.index;
    return index === choice && stage > this.#stage && !(isContent(stage) && this.#hasContent);
  }

  #openChoice(choice: number, stage: number): void {
    this.#open = true;
    this.#stage = stage;
    this.#hasContent = isContent(stage);
    this.#delta = {};
    this.#entry = { index: choice, delta: this.#delta, finish_reason: null };
  }

  /** The plain chunk as the objects every other path works on. */
  #materialize(): void {
    this.#plain = false;
    this.#delta = { [this.#plainKey]: this.#plainText };
    this.#entry = { index: this.#plainChoice, delta: this.#delta, finish_reason: null };
  }

  #setDelta(choice: number, stage: number, key: string, value: string): void {
    if (!this.#joins(choice, stage)) {
      // A chunk of its own (the usual case): opened plain, no objects.
      this.#closeChunk();
      this.#open = true;
      this.#stage = stage;
      this.#hasContent = isContent(stage);
      this.#entry = undefined;
      this.#plain = true;
      this.#plainChoice = choice;
      this.#plainKey = key;
      this.#plainText = value;
      return;
    }
    this.#part(choice, stage);
    // Taken already (by an extra field of the same name): the value needs a chunk of its own.
    if (key in this.#delta) {
      this.#writeChunk();
      this.#openChoice(choice, stage);
    }
    this.#delta[key] = value;
  }

  #setEntry(choice: number, stage: number, key: string, value: JsonValue): void {
    this.#part(choice, stage);
    const entry = this.#entry!;
    if (entry[key] !== undefined && entry[key] !== null) {
      this.#writeChunk();
      this.#openChoice(choice, stage);
    }
    this.#entry![key] = value;
  }

  #toolFragment(choice: number, fragment: JsonObject): void {
    this.#part(choice, TOOL_CALLS);
    let calls = this.#delta.tool_calls;
    if (calls !== undefined && !Array.isArray(calls)) {
      this.#writeChunk();
      this.#openChoice(choice, TOOL_CALLS);
      calls = undefined;
    }
    if (calls === undefined) this.#delta.tool_calls = [fragment];
    else calls.push(fragment);
  }

  #assignExtra(choice: number, stage: number, fields: JsonObject): void {
    this.#part(choice, stage);
    let target = stage === DELTA_EXTRA ? this.#delta : this.#entry!;
    for (const key in fields) {
      if (stage === CHOICE_EXTRA && (key === "index" || key === "delta")) continue;
      if (key in target && target[key] !== null) {
        this.#writeChunk();
        this.#openChoice(choice, stage);
        target = stage === DELTA_EXTRA ? this.#delta : this.#entry!;
        break;
      }
    }
    for (const key in fields) {
      // A choice's `index` and `delta` are the encoder's to write.
      if (stage === CHOICE_EXTRA && (key === "index" || key === "delta")) continue;
      target[key] = fields[key]!;
    }
  }

  /** Something written outside any chunk (a trailer, a comment, `[DONE]`): chunks go first. */
  #standalone(text: string): void {
    this.#closeChunk();
    this.#writePrefix();
    this.#closePlain();
    this.#write(text);
  }

  #closeChunk(): void {
    if (this.#open) this.#writeChunk();
  }

  /** Writes a metadata change or response extra that no chunk has carried yet. */
  #writePrefix(): void {
    if (this.#metaDirty || this.#pendingExtra !== undefined) {
      this.#open = true;
      this.#writeChunk();
    }
  }

  /**
   * Writes the open chunk. JSON.stringify never writes a raw line break, so the text is one
   * `data:` line as it is (no scan for line breaks).
   *
   * A plain chunk is written without building or stringifying any object (`JSON.stringify` of the
   * entry was a third of the encoder's time): a cached, `reusable` opening
   * (`data: {…,"choices":[{"index":0,"delta":{"content":"`, ~200 bytes, the same on every chunk
   * until the metadata changes), the text, escaped only if it needs to be, and a constant close.
   */
  #writeChunk(): void {
    if (this.#plain) {
      if (this.#pendingExtra === undefined) {
        this.#plain = false;
        this.#metaDirty = false;
        this.#open = false;
        this.#stage = 0;
        // The close is written with the next chunk's opening, as one reusable string: the
        // batch then copies one cached piece per chunk, not two.
        const open = this.#openPlainChunk(this.#plainChoice, this.#plainKey);
        this.#write(this.#closePending ? this.#plainOpenAfterClose : open, true);
        this.#write(jsonStringBody(this.#plainText));
        this.#closePending = true;
        return;
      }
      this.#materialize();
    }
    let json: string;
    if (this.#pendingExtra === undefined) {
      json = this.#prefix;
    } else {
      json = JSON.stringify({ ...this.#stamp, ...this.#pendingExtra }).slice(0, -1);
      this.#pendingExtra = undefined;
    }
    const entry = this.#entry;
    json += entry === undefined ? ',"choices":[]' : `,"choices":[${JSON.stringify(entry)}]`;
    if (this.#usage !== undefined) json += `,"usage":${JSON.stringify(this.#usage)}`;
    if (this.#billing !== undefined) json += `,"billing":${JSON.stringify(this.#billing)}`;
    if (this.#receipt !== undefined) json += `,"receipt_id":${JSON.stringify(this.#receipt)}`;
    if (this.#error !== undefined) json += `,"error":${JSON.stringify(this.#error)}`;
    this.#closePlain();
    this.#write(`data: ${json}}\n\n`);
    this.#metaDirty = false;
    this.#open = false;
    this.#stage = 0;
    this.#entry = undefined;
    this.#usage = undefined;
    this.#billing = undefined;
    this.#receipt = undefined;
    this.#error = undefined;
  }

  /** Writes the close a plain chunk still owes (see `#writeChunk`). */
  #closePlain(): void {
    if (!this.#closePending) return;
    this.#closePending = false;
    this.#write(CLOSE_PLAIN_CHUNK, true);
  }

  /**
   * The text of a plain chunk up to its string's opening quote (and, in `#plainOpenAfterClose`,
   * the same after the previous plain chunk's close), cached while they repeat.
   */
  #openPlainChunk(choice: number, key: string): string {
    if (
      this.#plainOpenPrefix !== this.#prefix ||
      choice !== this.#plainOpenChoice ||
      key !== this.#plainOpenKey
    ) {
      this.#plainOpenPrefix = this.#prefix;
      this.#plainOpenChoice = choice;
      this.#plainOpenKey = key;
      this.#plainOpen = `data: ${this.#prefix},"choices":[{"index":${JSON.stringify(choice)},"delta":{${JSON.stringify(key)}:"`;
      this.#plainOpenAfterClose = CLOSE_PLAIN_CHUNK + this.#plainOpen;
    }
    return this.#plainOpen;
  }
}

function isContent(stage: number): boolean {
  return stage >= REASONING && stage <= TOOL_CALLS;
}

/** The end of a plain chunk: its string, delta, choice, choices and chunk closed. */
const CLOSE_PLAIN_CHUNK = '"},"finish_reason":null}]}\n\n';
