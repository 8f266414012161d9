import {
  type DialectEncoder,
  type ErrorEvent,
  formatSseComment,
  formatSseData,
  formatSseEvent,
  type JsonObject,
  type MetadataEvent,
  type ReportDrop,
  randomHex,
  type StreamEvent,
  type StreamEventType,
  toolCallIdOf,
  type UsageEvent,
  type Write,
} from "@sse-dialects/core";
import {
  CHOICE_EXTRA,
  ChunkAssembler,
  DELTA_EXTRA,
  FINISH,
  LOGPROBS,
  REASONING,
  REFUSAL,
  ROLE,
  TEXT,
} from "./assemble-chunk.js";
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
   * client accepts; `"trailer"`: a bare `{"receipt_id": …}` payload before `[DONE]` (the Vercel
   * AI SDK rejects that payload, having no `choices`, and reports the stream as failed); `"omit"`:
   * not written.
   */
  receipts?: "chunk" | "trailer" | "omit";
  /** The delta field reasoning is written to; `null` leaves reasoning out. Default `reasoning_content`. */
  reasoningField?: "reasoning_content" | "reasoning" | null;
  /** Pass comment events through as SSE comment lines. Default true. */
  comments?: boolean;
}

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
  return `chatcmpl-${randomHex(24)}`;
}

class OpenAIEncoder implements DialectEncoder {
  readonly #report: ReportDrop;
  readonly #usageMode: "separate" | "finish-chunk" | "omit";
  readonly #receipts: "chunk" | "trailer" | "omit";
  readonly #reasoningField: string | null;
  readonly #comments: boolean;

  readonly #chunk: ChunkAssembler;
  #usageSoFar: Usage | undefined;

  constructor(write: Write, options: OpenAIEncodeOptions, drop: ReportDrop) {
    this.#report = drop;
    // Until the source says otherwise (a metadata event), the values every chunk needs.
    this.#chunk = new ChunkAssembler(write, {
      id: generateChunkId(),
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model: "",
    });
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
    role: (self, e) => self.#chunk.setDelta(e.choice, ROLE, "role", e.role),
    "text-delta": (self, e) => self.#chunk.setDelta(e.choice, TEXT, "content", e.text),
    "reasoning-delta": (self, e) => {
      if (self.#reasoningField !== null)
        self.#chunk.setDelta(e.choice, REASONING, self.#reasoningField, e.text);
      else self.#drop(e, "reasoningField is null: reasoning is not written");
    },
    "refusal-delta": (self, e) => self.#chunk.setDelta(e.choice, REFUSAL, "refusal", e.text),
    "tool-call-start": (self, e) => {
      self.#chunk.addToolFragment(e.choice, {
        index: e.index,
        id: toolCallIdOf(e),
        type: "function",
        function: { name: e.name, arguments: "" },
      });
    },
    "tool-call-delta": (self, e) => {
      if (e.delta === "") return;
      // The call's first fragment is still in this chunk: its arguments go there, as OpenAI's do.
      if (self.#chunk.fillToolArguments(e.choice, e.index, e.delta)) return;
      self.#chunk.addToolFragment(e.choice, { index: e.index, function: { arguments: e.delta } });
    },
    // OpenAI has no end of a tool call: `finish_reason` ends them all, and the decoder says so.
    "tool-call-end": () => {},
    logprobs: (self, e) => self.#chunk.setEntry(e.choice, LOGPROBS, "logprobs", e.logprobs),
    finish: (self, e) => {
      const reason = toChatFinishReason(e);
      // OpenAI clients type `finish_reason` as a closed set: another value breaks them.
      if (reason !== toOpenAIFinishReason(e))
        self.#drop(e, `finish reason ${e.raw} has no OpenAI name: written as stop`);
      self.#chunk.setEntry(e.choice, FINISH, "finish_reason", reason);
    },
    usage: (self, e) => {
      // The drop report names the event itself, so a caller can tell which one was cut.
      if (e.extra !== undefined && e.dialect !== "openai")
        self.#drop(e, `usage fields of another dialect (${e.dialect})`);
      self.#usageEvent(e);
    },
    extra: (self, e) => {
      if (e.dialect !== "openai") {
        self.#drop(e, `fields of another dialect (${e.dialect})`);
      } else if (e.scope === "part" || e.scope === "tool-call") {
        self.#drop(e, `chat chunks have no place for ${e.scope} fields`);
      } else if (e.scope === "response") {
        self.#chunk.setResponseExtra(e.fields);
      } else {
        self.#chunk.assignExtra(
          e.choice ?? 0,
          e.scope === "choice" ? CHOICE_EXTRA : DELTA_EXTRA,
          e.fields,
        );
      }
    },
    receipt: (self, e) => self.#receiptEvent(e.id),
    unknown: (self, e) => {
      if (e.dialect === "openai") {
        self.#chunk.standalone(formatSseEvent({ event: e.event, data: JSON.stringify(e.data) }));
      } else self.#drop(e, `an event of another dialect (${e.dialect})`);
    },
    comment: (self, e) => {
      if (self.#comments) self.#chunk.standalone(formatSseComment(e.text));
    },
    error: (self, e) => self.#errorEvent(e),
    end: (self) => self.#chunk.standalone("data: [DONE]\n\n"),
    "reasoning-signature": (self, e) => self.#drop(e, "chat chunks have no reasoning signatures"),
    "reasoning-redacted": (self, e) => self.#drop(e, "chat chunks have no redacted reasoning"),
  };

  encode(event: StreamEvent): void {
    // Text deltas are nearly every event: tested before the table, whose lookup by a key that
    // varies from call to call is a generic (slower) property load.
    if (event.type === "text-delta") {
      this.#chunk.setDelta(event.choice, TEXT, "content", event.text);
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
    this.#chunk.flush();
  }

  #metadata(event: MetadataEvent): void {
    const stamp = this.#chunk.stamp;
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
    this.#chunk.setStamp(next);
  }

  #usageEvent(event: UsageEvent): void {
    if (this.#usageMode === "omit") return;
    const { type: _type, ...reported } = event;
    let usage: Usage = reported;
    // Clients keep the last usage they see, so each report carries everything reported so far.
    if (usage.extra !== undefined && usage.dialect !== "openai") {
      const { extra: _, dialect: __, ...named } = usage;
      usage = named;
    }
    this.#usageSoFar = mergeUsage(this.#usageSoFar, usage);
    const { billing, dialect: _, ...tokens } = this.#usageSoFar;
    // `usage` requires its three counts: without any, no token usage is invented, and billing
    // goes under its own key.
    const counted = hasTokenCounts(tokens);
    if (!counted && Object.keys(tokens).length > 0 && !hasTokenCounts(usage)) {
      this.#drop(event, "token details without token counts");
    }
    const wire = counted ? toOpenAIUsage(tokens) : undefined;
    if (wire === undefined && billing === undefined) return;
    this.#chunk.attachUsage(wire, billing, this.#usageMode === "finish-chunk");
  }

  #receiptEvent(id: string): void {
    if (this.#receipts === "omit") return;
    if (this.#receipts === "trailer") {
      this.#chunk.standalone(formatSseData(JSON.stringify({ receipt_id: id })));
      return;
    }
    this.#chunk.attachReceipt(id);
  }

  #errorEvent(event: ErrorEvent): void {
    if (event.dialect !== undefined && event.dialect !== "openai" && event.data !== undefined) {
      this.#drop(
        event,
        `the error object of another dialect (${event.dialect}): code and message written`,
      );
    }
    const error = toOpenAIError(event);
    // It joins the open chunk if that chunk's choice finished with it; else a payload of its own.
    if (!this.#chunk.attachError(error)) {
      this.#chunk.standalone(formatSseData(JSON.stringify({ error })));
    }
  }
}
