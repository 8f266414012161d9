import {
  type DialectDecoder,
  type Emit,
  errorEvent,
  extraFields,
  isJsonObject,
  type JsonObject,
  type MetadataEvent,
  parseJsonData,
  setOwn,
  type UsageEvent,
  type WireMessage,
} from "@sse-dialects/core";
import { BLOCK, DELTA, EVENT, FINAL_CODES, mapStopReason, STOP_REASONS } from "./anthropic-wire.js";
import { mapAnthropicError } from "./map-anthropic-error.js";
import { mergeUsageEvents, UsageReader } from "./map-anthropic-usage.js";

/**
 * Most content blocks open at once that the decoder tracks. Anthropic opens one at a time; a
 * stream that opens more without closing them is hostile or broken, and past this limit a new
 * block is an `invalid-event` error (memory stays bounded).
 */
export const MAX_OPEN_BLOCKS = 256;

type BlockKind = "text" | "thinking" | "redacted" | "tool" | "opaque";

interface OpenBlock {
  kind: BlockKind;
  /** The call's `index` in the model (tool blocks): its position among the message's tool calls. */
  call: number;
  /** Whether an argument fragment was seen (tool blocks). */
  args: boolean;
}

/** The fields of `message_start.message` the model names; the rest is kept as `extra`. */
const MESSAGE_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "type",
  "role",
  "model",
  "content",
  "stop_reason",
  "stop_sequence",
  "usage",
]);
const TEXT_FIELDS: ReadonlySet<string> = new Set(["type", "text"]);
const THINKING_FIELDS: ReadonlySet<string> = new Set(["type", "thinking", "signature"]);
const REDACTED_FIELDS: ReadonlySet<string> = new Set(["type", "data"]);
const TOOL_FIELDS: ReadonlySet<string> = new Set(["type", "id", "name", "input"]);
const MESSAGE_DELTA_FIELDS: ReadonlySet<string> = new Set(["type", "delta", "usage"]);

/**
 * Anthropic Messages wire messages → normalized events (choice 0: a Messages response has one
 * message).
 *
 * - `message_start` → `metadata` {id, model}, `role`, `extra` (scope `response`) for other
 *   fields of the message. Its usage (the input counts, an output count of 1 or so) is not the
 *   response's: it is held and merged into the one `usage` event of the response, at
 *   `message_delta` (or, if none comes, before `message_stop`, an error, or the end).
 * - `content_block_start` / `_delta` / `_stop`, by block `index` (= the events' `part`):
 *   `text` → `text-delta`; `thinking` → `reasoning-delta`, its `signature_delta` →
 *   `reasoning-signature`; `redacted_thinking` → `reasoning-redacted` {data}; `tool_use` →
 *   `tool-call-start` {id, name}, `input_json_delta` → `tool-call-delta` (byte for byte; an empty
 *   `partial_json` adds nothing), stop → `tool-call-end`, after a `tool-call-delta` of `{}` when
 *   no fragment came (a call without arguments). The call's `index` counts tool calls from 0.
 *   Unknown fields of a block's start → `extra` (scope `part`, or `tool-call`) before its events.
 * - Any other block (server tools: `server_tool_use`, `web_search_tool_result`,
 *   `mcp_tool_use`, …), and `citations_delta` → `unknown`, whole and in order: they are not the
 *   client's tool calls, and only Anthropic's encoder writes them back.
 * - `message_delta` → `finish` (when `stop_reason` is set and differs from the last one),
 *   `extra` (scope `choice`) for the rest of its `delta` (`stop_sequence`, `stop_details`, …),
 *   `usage` (what `message_start` held, with the counts that changed).
 * - `message_stop` → the terminator; `ping` and unknown event types → `unknown`.
 * - `error` → `error` (`provider-error`, the object as data): final, as the documentation says,
 *   so a stream ending after it is not cut off.
 */
export class AnthropicDecoder implements DialectDecoder {
  readonly #emit: Emit;
  readonly #usage = new UsageReader();
  /** The counts `message_start` reported, held for the response's usage (see the class). */
  #heldUsage: UsageEvent | undefined;
  readonly #blocks = new Map<number, OpenBlock>();
  #calls = 0;
  #id: string | undefined;
  #model: string | undefined;
  #finish: string | undefined;
  #stopped = false;
  #failed = false;

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  message(message: WireMessage): void {
    const value = parseJsonData(message.data, this.#emit);
    if (value === undefined) return;
    const type = isJsonObject(value) && typeof value.type === "string" ? value.type : undefined;
    if (!isJsonObject(value) || (type === undefined && message.event === undefined)) {
      this.#emit(
        errorEvent(
          "invalid-event",
          "An Anthropic event must be a JSON object with a `type`",
          value,
        ),
      );
      return;
    }
    switch (type ?? message.event) {
      case EVENT.blockDelta:
        this.#blockDelta(value, message.event);
        return;
      case EVENT.blockStart:
        this.#blockStart(value, message.event);
        return;
      case EVENT.blockStop:
        this.#blockStop(value, message.event);
        return;
      case EVENT.messageStart:
        this.#messageStart(value);
        return;
      case EVENT.messageDelta:
        this.#messageDelta(value);
        return;
      case EVENT.messageStop:
        this.#releaseUsage();
        this.#stopped = true;
        return;
      case EVENT.error: {
        this.#releaseUsage();
        const error = mapAnthropicError(value);
        if (FINAL_CODES.has(error.code)) this.#failed = true;
        this.#emit(error);
        return;
      }
      default:
        // `ping` and event types added after this was written.
        this.#unknown(value, message.event);
    }
  }

  end(): boolean {
    // Cut off before `message_delta`: the input counts still reach the consumer.
    this.#releaseUsage();
    return this.#stopped || this.#failed;
  }

  #unknown(data: JsonObject, event: string | undefined): void {
    this.#emit(
      event === undefined
        ? { type: "unknown", dialect: "anthropic", data }
        : { type: "unknown", dialect: "anthropic", event, data },
    );
  }

  #messageStart(value: JsonObject): void {
    const message = isJsonObject(value.message) ? value.message : {};
    const { id, model, role, usage } = message;
    const metadata: MetadataEvent = { type: "metadata" };
    if (typeof id === "string" && id !== this.#id) metadata.id = this.#id = id;
    if (typeof model === "string" && model !== this.#model) metadata.model = this.#model = model;
    if (metadata.id !== undefined || metadata.model !== undefined) this.#emit(metadata);
    this.#emit({ type: "role", choice: 0, role: typeof role === "string" ? role : "assistant" });
    if (isJsonObject(usage)) {
      const read = this.#usage.read(usage);
      if (read !== undefined) this.#heldUsage = mergeUsageEvents(this.#heldUsage, read);
    }
    const fields = extraFields(message, MESSAGE_FIELDS);
    if (fields !== undefined)
      this.#emit({ type: "extra", dialect: "anthropic", scope: "response", fields });
  }

  #emitUsage(usage: JsonObject): void {
    const read = this.#usage.read(usage);
    const event = mergeUsageEvents(this.#heldUsage, read);
    this.#heldUsage = undefined;
    if (event !== undefined) this.#emit(event);
  }

  /** Emits what `message_start` held, if nothing emitted it yet. */
  #releaseUsage(): void {
    if (this.#heldUsage === undefined) return;
    this.#emit(this.#heldUsage);
    this.#heldUsage = undefined;
  }

  #index(value: JsonObject): number | undefined {
    const { index } = value;
    if (typeof index === "number" && Number.isSafeInteger(index) && index >= 0) return index;
    this.#emit(
      errorEvent("invalid-event", "An Anthropic content-block event has no valid `index`", value),
    );
    return undefined;
  }

  #blockStart(value: JsonObject, event: string | undefined): void {
    const part = this.#index(value);
    if (part === undefined) return;
    const block = value.content_block;
    if (!isJsonObject(block) || typeof block.type !== "string") {
      this.#emit(
        errorEvent("invalid-event", "A content_block_start has no `content_block` type", value),
      );
      return;
    }
    if (!this.#blocks.has(part) && this.#blocks.size >= MAX_OPEN_BLOCKS) {
      this.#emit(
        errorEvent(
          "invalid-event",
          `More than ${MAX_OPEN_BLOCKS} content blocks open at once; this one is skipped`,
          { index: part },
        ),
      );
      return;
    }
    const choice = 0;
    switch (block.type) {
      case BLOCK.text: {
        this.#blocks.set(part, { kind: "text", call: -1, args: false });
        this.#partExtra(block, TEXT_FIELDS, part);
        if (typeof block.text === "string" && block.text !== "")
          this.#emit({ type: "text-delta", choice, part, text: block.text });
        return;
      }
      case BLOCK.thinking: {
        this.#blocks.set(part, { kind: "thinking", call: -1, args: false });
        this.#partExtra(block, THINKING_FIELDS, part);
        if (typeof block.thinking === "string" && block.thinking !== "")
          this.#emit({ type: "reasoning-delta", choice, part, text: block.thinking });
        if (typeof block.signature === "string" && block.signature !== "")
          this.#emit({ type: "reasoning-signature", choice, part, signature: block.signature });
        return;
      }
      case BLOCK.redactedThinking: {
        this.#blocks.set(part, { kind: "redacted", call: -1, args: false });
        this.#partExtra(block, REDACTED_FIELDS, part);
        const data = typeof block.data === "string" ? block.data : "";
        this.#emit({ type: "reasoning-redacted", choice, part, data });
        return;
      }
      case BLOCK.toolUse: {
        const index = this.#calls++;
        const fields = extraFields(block, TOOL_FIELDS);
        if (fields !== undefined)
          this.#emit({ type: "extra", dialect: "anthropic", scope: "tool-call", index, fields });
        const name = typeof block.name === "string" ? block.name : "";
        this.#emit(
          typeof block.id === "string"
            ? { type: "tool-call-start", choice, index, id: block.id, name }
            : { type: "tool-call-start", choice, index, name },
        );
        // Streamed calls start with `input: {}` and send their arguments as fragments.
        const { input } = block;
        const whole = isJsonObject(input) && Object.keys(input).length > 0;
        if (whole)
          this.#emit({ type: "tool-call-delta", choice, index, delta: JSON.stringify(input) });
        this.#blocks.set(part, { kind: "tool", call: index, args: whole });
        return;
      }
      default:
        this.#blocks.set(part, { kind: "opaque", call: -1, args: false });
        this.#unknown(value, event);
    }
  }

  #partExtra(block: JsonObject, known: ReadonlySet<string>, part: number): void {
    const fields = extraFields(block, known);
    if (fields !== undefined)
      this.#emit({ type: "extra", dialect: "anthropic", scope: "part", choice: 0, part, fields });
  }

  #blockDelta(value: JsonObject, event: string | undefined): void {
    const part = this.#index(value);
    if (part === undefined) return;
    const block = this.#blocks.get(part);
    const delta = isJsonObject(value.delta) ? value.delta : undefined;
    if (block === undefined || delta === undefined) {
      this.#emit(
        errorEvent(
          "invalid-event",
          block === undefined
            ? "A content_block_delta for a block that is not open"
            : "A content_block_delta has no `delta` object",
          value,
        ),
      );
      return;
    }
    const choice = 0;
    switch (delta.type) {
      case DELTA.text:
        if (block.kind === "text" && typeof delta.text === "string") {
          if (delta.text !== "") this.#emit({ type: "text-delta", choice, part, text: delta.text });
          return;
        }
        break;
      case DELTA.thinking:
        if (block.kind === "thinking" && typeof delta.thinking === "string") {
          if (delta.thinking !== "")
            this.#emit({ type: "reasoning-delta", choice, part, text: delta.thinking });
          return;
        }
        break;
      case DELTA.signature:
        if (block.kind === "thinking" && typeof delta.signature === "string") {
          this.#emit({ type: "reasoning-signature", choice, part, signature: delta.signature });
          return;
        }
        break;
      case DELTA.inputJson:
        if (block.kind === "tool" && typeof delta.partial_json === "string") {
          // Byte for byte: a fragment may end inside a string or an escape. `""` adds nothing.
          if (delta.partial_json !== "") {
            block.args = true;
            this.#emit({
              type: "tool-call-delta",
              choice,
              index: block.call,
              delta: delta.partial_json,
            });
          }
          return;
        }
        break;
    }
    // `citations_delta`, deltas of server-tool blocks, and any delta type added later.
    this.#unknown(value, event);
  }

  #blockStop(value: JsonObject, event: string | undefined): void {
    const part = this.#index(value);
    if (part === undefined) return;
    const block = this.#blocks.get(part);
    if (block === undefined) {
      this.#emit(
        errorEvent("invalid-event", "A content_block_stop for a block that is not open", value),
      );
      return;
    }
    this.#blocks.delete(part);
    if (block.kind === "opaque") {
      this.#unknown(value, event);
      return;
    }
    if (block.kind !== "tool") return;
    // A call streamed without a fragment has the `input: {}` of its start.
    if (!block.args)
      this.#emit({ type: "tool-call-delta", choice: 0, index: block.call, delta: "{}" });
    this.#emit({ type: "tool-call-end", choice: 0, index: block.call });
  }

  #messageDelta(value: JsonObject): void {
    const delta = isJsonObject(value.delta) ? value.delta : {};
    const raw = delta.stop_reason;
    if (typeof raw === "string" && raw !== this.#finish) {
      this.#finish = raw;
      this.#emit({ type: "finish", choice: 0, reason: mapStopReason(raw), raw });
    }
    let fields: JsonObject | undefined;
    for (const key of Object.keys(delta)) {
      const field = delta[key]!;
      if (field === null || (key === "stop_reason" && typeof field === "string")) continue;
      fields ??= {};
      setOwn(fields, key, field);
    }
    // An unknown stop reason is also kept as Anthropic's own, so that it is written back as it came.
    if (typeof raw === "string" && !Object.hasOwn(STOP_REASONS, raw)) {
      fields ??= {};
      fields.stop_reason = raw;
    }
    if (fields !== undefined)
      this.#emit({ type: "extra", dialect: "anthropic", scope: "choice", choice: 0, fields });
    if (isJsonObject(value.usage)) this.#emitUsage(value.usage);
    const rest = extraFields(value, MESSAGE_DELTA_FIELDS);
    if (rest !== undefined)
      this.#emit({ type: "extra", dialect: "anthropic", scope: "response", fields: rest });
  }
}
