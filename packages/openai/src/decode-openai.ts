import {
  type DialectDecoder,
  type Emit,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  type MetadataEvent,
  parseJsonData,
  setOwn,
  type WireMessage,
} from "@sse-dialects/core";
import { type ChoiceState, decodeChoice } from "./decode-choice.js";
import { mapError } from "./map-error.js";
import { mapUsage } from "./map-usage.js";

export interface OpenAIDecodeOptions {
  /**
   * Keep OpenAI's `obfuscation` field (random padding on every chunk, against length side
   * channels) as a response `extra`. Off by default: it differs on every chunk, so keeping it
   * would add an event to every chunk and mean nothing to anyone.
   */
  keepObfuscation?: boolean;
}

/** What a chunk says about the response, `null` and absent alike. */
interface Meta {
  id: string | undefined;
  model: string | undefined;
  created: number | undefined;
  systemFingerprint: string | undefined;
  serviceTier: string | undefined;
}

/**
 * Decodes OpenAI `chat.completion.chunk` SSE messages into normalized events, each the moment
 * its chunk arrives. For one chunk the order is: `metadata` (only what changed), `extra`
 * (response), then per choice in array order `role`, `extra` (choice), `extra` (delta),
 * `reasoning-delta`, `text-delta`, `refusal-delta`, tool-call start/delta, `logprobs`, and on
 * `finish_reason` the ends of the choice's open tool calls and `finish`; then `usage`; then a
 * top-level `error`. A field whose value is `null` counts as absent (OpenAI writes `usage: null`,
 * `logprobs: null`, `refusal: null` on every chunk).
 *
 * Non-chunk payloads: `{"receipt_id"}` → `receipt`, `{"error"}` → `error`, anything else →
 * `unknown`; a stream whose payloads were all of other shapes ends with an `invalid-event`
 * error (another dialect's stream must not pass for an empty answer). `[DONE]` ends the stream; whatever follows it is kept as `unknown`.
 *
 * @example
 * ```ts
 * const events: StreamEvent[] = [];
 * const decoder = createOpenAIDecoder((e) => events.push(e));
 * decoder.message({ data: '{"choices":[{"index":0,"delta":{"content":"Hi"}}]}' });
 * decoder.end(); // false: no [DONE] yet
 * ```
 */
export function createOpenAIDecoder(emit: Emit, options: OpenAIDecodeOptions = {}): DialectDecoder {
  return new OpenAIDecoder(emit, options);
}

class OpenAIDecoder implements DialectDecoder {
  readonly #emit: Emit;
  readonly #keepObfuscation: boolean;
  #done = false;
  /**
   * An error ended the stream the way OpenAI documents it (a bare `{"error": …}` payload, then
   * the connection closes) or OpenRouter does (a chunk with a top-level `error`): the stream
   * ended, not cut off, even without `[DONE]`.
   */
  #failed = false;
  /** Whether a chunk has been seen, and the first payload of another shape before one. */
  #sawChunk = false;
  #stray: JsonValue | undefined;
  /** What metadata events have reported so far, merged (a chunk that omits a field keeps it). */
  readonly #meta: Meta = {
    id: undefined,
    model: undefined,
    created: undefined,
    systemFingerprint: undefined,
    serviceTier: undefined,
  };
  #lastResponseExtra: JsonObject | undefined;
  readonly #choices: ChoiceState[] = [];

  constructor(emit: Emit, options: OpenAIDecodeOptions) {
    this.#emit = emit;
    this.#keepObfuscation = options.keepObfuscation ?? false;
  }

  message(message: WireMessage): void {
    const { data } = message;
    if (this.#done) {
      this.#afterDone(message);
      return;
    }
    // `[`: a cheap test before the string comparison, on the hot path.
    if (data.charCodeAt(0) === 91 && data.trim() === "[DONE]") {
      this.#done = true;
      return;
    }
    const value = parseJsonData(data, this.#emit);
    if (value === undefined) return;
    const named = message.event !== undefined && message.event !== "message";
    if (!isJsonObject(value)) {
      this.#unknown(message, value);
    } else if (
      !named &&
      (Array.isArray(value.choices) || value.object === "chat.completion.chunk")
    ) {
      this.#chunk(value);
    } else if (value.error !== undefined && value.error !== null) {
      // `{"error": {...}}` alone (OpenAI, OpenRouter before the first chunk), or under an
      // `event: error` name: an error either way, with its other fields kept.
      this.#others(value, "error");
      this.#failed = true;
      this.#emit(mapError(value.error));
    } else if (!named && typeof value.receipt_id === "string") {
      this.#others(value, "receipt_id");
      this.#emit({ type: "receipt", id: value.receipt_id });
    } else {
      if (!this.#sawChunk && !named) this.#stray ??= value;
      this.#unknown(message, value);
    }
  }

  end(): boolean {
    // Payloads came, none of them a chunk: most likely another dialect's stream. It must not
    // pass for an empty answer, so it ends with an error (the payloads were kept as `unknown`).
    // Decided at the end, not at the first stray payload: a stream may open with a payload of
    // its own (a converted dialect's unknown event) and still carry chunks.
    if (!this.#sawChunk && this.#stray !== undefined) {
      this.#emit({
        type: "error",
        code: "invalid-event",
        message: "The stream carried no chat.completion.chunk; is it another dialect?",
        data: this.#stray,
      });
    }
    // Tool calls still open stay incomplete: only `finish_reason` says a call's arguments are
    // whole, and a stream without it (cut off, say) may have stopped inside them.
    return this.#done || this.#failed;
  }

  #afterDone(message: WireMessage): void {
    let data: JsonValue;
    try {
      data = JSON.parse(message.data) as JsonValue;
    } catch {
      data = message.data;
    }
    this.#unknown(message, data);
  }

  #unknown(message: WireMessage, data: JsonValue): void {
    this.#emit(
      message.event === undefined
        ? { type: "unknown", dialect: "openai", data }
        : { type: "unknown", dialect: "openai", event: message.event, data },
    );
  }

  /** The fields of a trailer object besides the one that names it, as a response extra. */
  #others(value: JsonObject, known: string): void {
    let extra: JsonObject | undefined;
    for (const key in value) {
      if (key !== known && value[key] !== null) {
        extra ??= {};
        setOwn(extra, key, value[key]!);
      }
    }
    if (extra !== undefined) this.#responseExtra(extra);
  }

  #responseExtra(extra: JsonObject): void {
    // Reported again only when it changed: Azure's `prompt_filter_results` comes once, groq's
    // `x_groq` first and last, and a field repeated on every chunk is one fact, not many.
    if (jsonEqual(extra, this.#lastResponseExtra)) return;
    this.#lastResponseExtra = extra;
    this.#emit({ type: "extra", dialect: "openai", scope: "response", fields: extra });
  }

  #chunk(chunk: JsonObject): void {
    this.#sawChunk = true;
    let id: string | undefined;
    let model: string | undefined;
    let created: number | undefined;
    let systemFingerprint: string | undefined;
    let serviceTier: string | undefined;
    let choices: JsonValue[] | undefined;
    let usage: JsonObject | undefined;
    let billing: JsonObject | undefined;
    let receipt: string | undefined;
    let error: JsonValue | undefined;
    let extra: JsonObject | undefined;
    let badNumber: string | undefined;
    // One pass over the keys, no lookup tables: this runs for every chunk.
    for (const key in chunk) {
      const value = chunk[key]!;
      if (value === null) continue;
      switch (key) {
        case "id":
          if (typeof value === "string") {
            id = value;
            continue;
          }
          break;
        case "object":
          if (value === "chat.completion.chunk") continue;
          break;
        case "created":
          if (typeof value === "number") {
            // `1e400` parses to Infinity: not a time, and it must not replace a good one.
            if (Number.isFinite(value)) created = value;
            else badNumber = key;
            continue;
          }
          break;
        case "model":
          if (typeof value === "string") {
            model = value;
            continue;
          }
          break;
        case "system_fingerprint":
          if (typeof value === "string") {
            systemFingerprint = value;
            continue;
          }
          break;
        case "service_tier":
          if (typeof value === "string") {
            serviceTier = value;
            continue;
          }
          break;
        case "choices":
          if (Array.isArray(value)) {
            choices = value;
            continue;
          }
          break;
        case "usage":
          if (isJsonObject(value)) {
            usage = value;
            continue;
          }
          break;
        case "billing":
          // Provider billing without token counts, where the encoder writes it (a `usage` without
          // its three counts is not valid OpenAI).
          if (isJsonObject(value)) {
            billing = value;
            continue;
          }
          break;
        case "receipt_id":
          // A receipt on a chunk: how the encoder writes it by default, since clients accept it.
          if (typeof value === "string") {
            receipt = value;
            continue;
          }
          break;
        case "error":
          error = value;
          continue;
        case "obfuscation":
          if (!this.#keepObfuscation) continue;
          break;
      }
      extra ??= {};
      setOwn(extra, key, value);
    }

    if (badNumber !== undefined) {
      this.#emit({
        type: "error",
        code: "invalid-event",
        message: `A chunk's \`${badNumber}\` is not a finite number; it was ignored`,
      });
    }
    const meta = this.#meta;
    if (
      (id !== undefined && id !== meta.id) ||
      (model !== undefined && model !== meta.model) ||
      (created !== undefined && created !== meta.created) ||
      (systemFingerprint !== undefined && systemFingerprint !== meta.systemFingerprint) ||
      (serviceTier !== undefined && serviceTier !== meta.serviceTier)
    ) {
      // Only what changed: a chunk that leaves a field out has not unset it.
      const event: MetadataEvent = { type: "metadata" };
      if (id !== undefined && id !== meta.id) {
        event.id = id;
        meta.id = id;
      }
      if (model !== undefined && model !== meta.model) {
        event.model = model;
        meta.model = model;
      }
      if (created !== undefined && created !== meta.created) {
        event.created = created;
        meta.created = created;
      }
      if (systemFingerprint !== undefined && systemFingerprint !== meta.systemFingerprint) {
        event.systemFingerprint = systemFingerprint;
        meta.systemFingerprint = systemFingerprint;
      }
      if (serviceTier !== undefined && serviceTier !== meta.serviceTier) {
        event.serviceTier = serviceTier;
        meta.serviceTier = serviceTier;
      }
      this.#emit(event);
    }
    if (extra !== undefined) this.#responseExtra(extra);
    if (choices !== undefined) {
      for (let i = 0; i < choices.length; i++) {
        const choice = choices[i]!;
        if (isJsonObject(choice)) decodeChoice(choice, i, this.#choices, this.#emit);
      }
    }
    if (usage !== undefined) {
      const event = mapUsage(usage);
      if (billing !== undefined) event.billing = { ...event.billing, ...billing };
      this.#emit(event);
    } else if (billing !== undefined) this.#emit({ type: "usage", billing });
    if (receipt !== undefined) this.#emit({ type: "receipt", id: receipt });
    if (error !== undefined) {
      this.#failed = true;
      this.#emit(mapError(error));
    }
  }
}
