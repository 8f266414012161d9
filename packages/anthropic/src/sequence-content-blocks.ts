import {
  assignOwn,
  isJsonObject,
  type JsonObject,
  type ReasoningDeltaEvent,
  type ReasoningRedactedEvent,
  type ReasoningSignatureEvent,
  type RefusalDeltaEvent,
  type StreamEvent,
  type TextDeltaEvent,
  type ToolCallDeltaEvent,
  type ToolCallEndEvent,
  type ToolCallStartEvent,
  toolCallIdOf,
  type UnknownEvent,
} from "@sse-dialects/core";
import { BLOCK, DELTA, EVENT } from "./anthropic-wire.js";

/** The events that go into content blocks. */
export type BlockEvent =
  | TextDeltaEvent
  | RefusalDeltaEvent
  | ReasoningDeltaEvent
  | ReasoningSignatureEvent
  | ReasoningRedactedEvent
  | ToolCallStartEvent
  | ToolCallDeltaEvent
  | ToolCallEndEvent
  /** An Anthropic `content_block_*` event the model does not name (server tools, citations). */
  | UnknownEvent;

type Kind = "text" | "thinking" | "tool" | "opaque";

interface Block {
  /** What the events of this block share: `p:<part>`, `t:<tool index>`, or a kind without part. */
  key: string;
  kind: Kind;
  /** The wire index we gave it. */
  index: number;
  /** A thinking block's signature so far. */
  signature: string | undefined;
  /** The wire text every text delta of this block starts with (see `#text`). */
  prefix: string | undefined;
}

/** Writes one Anthropic event: its name and its data. */
export type WriteEvent = (name: string, data: JsonObject) => void;

/** Writes wire text as it is (the text-delta hot path, see `#text`). */
export type WriteText = (text: string, reusable?: boolean) => void;

/** Reports an event (or part of one) the wire cannot carry. */
export type Report = (event: StreamEvent, reason: string) => void;

function keyOf(event: BlockEvent): string {
  switch (event.type) {
    case "tool-call-start":
    case "tool-call-delta":
    case "tool-call-end":
      return `t:${event.index}`;
    case "unknown": {
      const index = isJsonObject(event.data) ? event.data.index : undefined;
      return `p:${String(index)}`;
    }
    case "text-delta":
      return event.part === undefined ? "text" : `p:${event.part}`;
    case "refusal-delta":
      return event.part === undefined ? "refusal" : `p:${event.part}`;
    case "reasoning-redacted":
      return event.part === undefined ? "redacted" : `p:${event.part}`;
    default:
      return event.part === undefined ? "thinking" : `p:${event.part}`;
  }
}

/** Whether `event` continues the open `block` (same key, and a kind the block holds). */
function continues(block: Block, event: BlockEvent): boolean {
  switch (event.type) {
    case "text-delta":
    case "refusal-delta":
      return block.kind === "text";
    case "reasoning-delta":
    case "reasoning-signature":
      return block.kind === "thinking";
    case "reasoning-redacted":
      return false;
    case "tool-call-start":
    case "tool-call-delta":
    case "tool-call-end":
      return block.kind === "tool";
    case "unknown":
      // A `citations_delta` goes into its text block; a server tool's delta or stop into its own.
      return isJsonObject(event.data) && event.data.type !== EVENT.blockStart;
  }
}

/**
 * The content blocks of one Anthropic message, written from events in any order.
 *
 * The SDK's `MessageStream` appends each `content_block_start` to the message's content whatever
 * its `index` says, and applies deltas by `index`: so blocks get contiguous indexes from 0, in
 * the order they open, and (as Anthropic itself does) one is open at a time. Events of one block
 * are written as they come. A source may interleave parts (OpenAI sends parallel tool calls'
 * fragments interleaved and ends them all at the finish): the events of a part that would open
 * while a tool call (or a server-tool block) is still open are held, in order, until that block
 * ends, and then written in the order the parts began. That is the only thing held, because a
 * block that was closed cannot be written to again; text and thinking blocks are closed as soon
 * as another part begins, since their content needs no end. A thinking block's signature is
 * written as it comes (see `#apply`).
 */
export class ContentBlocks {
  readonly #write: WriteEvent;
  readonly #writeText: WriteText;
  readonly #report: Report;
  #open: Block | undefined;
  #next = 0;
  /** Events of parts that wait for the open tool call to end, by key, in the order parts began. */
  readonly #held = new Map<string, BlockEvent[]>();
  /** Start fields (Anthropic `extra`) for a part or a tool call whose block is not open yet. */
  readonly #fields = new Map<string, JsonObject>();
  /** Tool calls whose block was closed: a late event of theirs cannot be written. */
  readonly #closedCalls = new Set<number>();
  #replaying = false;
  #draining = false;
  /** Whether a client tool call was written (the stop reason is then `tool_use`). */
  hasToolCalls = false;

  constructor(write: WriteEvent, writeText: WriteText, report: Report) {
    this.#write = write;
    this.#writeText = writeText;
    this.#report = report;
  }

  /** Whether any block was opened. */
  get started(): boolean {
    return this.#next > 0;
  }

  push(event: BlockEvent): void {
    this.#route(keyOf(event), event);
  }

  /** Anthropic fields of a block's start (`extra` scope `part` / `tool-call`), before its events. */
  startFields(key: string, fields: JsonObject, event: StreamEvent): void {
    if (this.#open?.key === key) {
      this.#report(event, "Anthropic writes a block's fields in its start, already written");
      return;
    }
    const pending = this.#fields.get(key);
    this.#fields.set(key, assignOwn(pending ?? {}, fields));
  }

  /**
   * Closes every block: held parts are written out (each closed before the next), then the open
   * one. `failed`: the stream ends with an error, and a tool call (or server-tool block) still
   * open is left open, since its `content_block_stop` would say its input is complete.
   */
  drain(failed = false): void {
    this.#draining = true;
    this.#replay();
    const open = this.#open;
    if (failed && open !== undefined && (open.kind === "tool" || open.kind === "opaque")) {
      this.#open = undefined;
    } else this.#close();
    this.#draining = false;
    for (const [key] of this.#fields) this.#report(this.#fieldsEvent(key), "no block took them");
    this.#fields.clear();
  }

  #fieldsEvent(key: string): StreamEvent {
    return {
      type: "extra",
      dialect: "anthropic",
      scope: key.startsWith("t:") ? "tool-call" : "part",
      fields: this.#fields.get(key) ?? {},
    };
  }

  #route(key: string, event: BlockEvent): void {
    const held = this.#held.get(key);
    if (held !== undefined) {
      held.push(event);
      return;
    }
    const open = this.#open;
    if (open !== undefined && open.key === key && continues(open, event)) {
      this.#apply(open, event);
      return;
    }
    if (open !== undefined && (open.kind === "tool" || open.kind === "opaque") && !this.#draining) {
      this.#held.set(key, [event]);
      return;
    }
    this.#close();
    this.#begin(key, event);
  }

  #begin(key: string, event: BlockEvent): void {
    switch (event.type) {
      case "text-delta":
      case "refusal-delta":
        this.#start(key, "text", { type: BLOCK.text, text: "" });
        break;
      case "reasoning-delta":
      case "reasoning-signature":
        this.#start(key, "thinking", { type: BLOCK.thinking, thinking: "", signature: "" });
        break;
      case "reasoning-redacted": {
        // Redacted thinking comes whole in its start; nothing else goes into the block.
        const index = this.#startBlock(key, { type: BLOCK.redactedThinking, data: event.data });
        this.#write(EVENT.blockStop, { type: EVENT.blockStop, index });
        return;
      }
      case "tool-call-start":
      case "tool-call-delta":
      case "tool-call-end": {
        if (this.#closedCalls.has(event.index)) {
          this.#report(event, "the tool call's block was already closed");
          return;
        }
        const start = event.type === "tool-call-start" ? event : undefined;
        if (start === undefined)
          this.#report(event, "a tool call without its start: written with an empty name");
        const id = toolCallIdOf(start ?? { choice: event.choice, index: event.index });
        this.#start(key, "tool", { type: BLOCK.toolUse, id, name: start?.name ?? "", input: {} });
        this.hasToolCalls = true;
        if (start !== undefined) return;
        break;
      }
      case "unknown": {
        const data = event.data as JsonObject;
        if (data.type !== EVENT.blockStart || !isJsonObject(data.content_block)) {
          this.#report(event, "a content-block event of a block that is not open");
          return;
        }
        const index = this.#next++;
        this.#write(event.event ?? EVENT.blockStart, { ...data, index });
        this.#open = { key, kind: "opaque", index, signature: undefined, prefix: undefined };
        return;
      }
    }
    this.#apply(this.#open!, event);
  }

  #start(key: string, kind: Kind, block: JsonObject): void {
    const index = this.#startBlock(key, block);
    this.#open = { key, kind, index, signature: undefined, prefix: undefined };
  }

  #startBlock(key: string, block: JsonObject): number {
    const fields = this.#fields.get(key);
    if (fields !== undefined) {
      this.#fields.delete(key);
      for (const name of Object.keys(fields)) if (name !== "type") block[name] = fields[name]!;
    }
    const index = this.#next++;
    this.#write(EVENT.blockStart, { type: EVENT.blockStart, index, content_block: block });
    return index;
  }

  #apply(block: Block, event: BlockEvent): void {
    const index = block.index;
    switch (event.type) {
      case "text-delta":
      case "refusal-delta":
        if (event.text !== "") this.#text(block, event.text);
        return;
      case "reasoning-delta":
        if (event.text !== "") this.#delta(index, { type: DELTA.thinking, thinking: event.text });
        return;
      case "reasoning-signature":
        // Written at once. The SDK keeps the last `signature_delta` of a block, not their
        // concatenation: a second fragment (from a source that splits signatures) is written as
        // the whole signature so far.
        block.signature = (block.signature ?? "") + event.signature;
        this.#delta(index, { type: DELTA.signature, signature: block.signature });
        return;
      case "tool-call-start":
        this.#report(event, "a second start of an open tool call");
        return;
      case "tool-call-delta":
        if (event.delta !== "")
          this.#delta(index, { type: DELTA.inputJson, partial_json: event.delta });
        return;
      case "tool-call-end":
        this.#close();
        this.#replay();
        return;
      case "reasoning-redacted":
        return;
      case "unknown": {
        const data = event.data as JsonObject;
        this.#write(event.event ?? String(data.type), { ...data, index });
        if (data.type === EVENT.blockStop) {
          this.#open = undefined;
          this.#replay();
        }
        return;
      }
    }
  }

  /**
   * A text delta, written by template rather than by `JSON.stringify` of the whole event: nearly
   * every event of a long answer is one, and this is most of what converting into Anthropic
   * costs. The same bytes as `#delta` would write.
   */
  #text(block: Block, text: string): void {
    block.prefix ??= `event: ${EVENT.blockDelta}\ndata: {"type":"${EVENT.blockDelta}","index":${block.index},"delta":{"type":"${DELTA.text}","text":`;
    this.#writeText(block.prefix, true);
    this.#writeText(`${JSON.stringify(text)}}}\n\n`);
  }

  #delta(index: number, delta: JsonObject): void {
    this.#write(EVENT.blockDelta, { type: EVENT.blockDelta, index, delta });
  }

  #close(): void {
    const block = this.#open;
    if (block === undefined) return;
    this.#open = undefined;
    if (block.kind === "tool") this.#closedCalls.add(Number(block.key.slice(2)));
    this.#write(EVENT.blockStop, { type: EVENT.blockStop, index: block.index });
  }

  /** Writes held parts, in the order they began, while no tool call is left open. */
  #replay(): void {
    if (this.#replaying) return;
    this.#replaying = true;
    for (const [key, events] of this.#held) {
      const open = this.#open;
      if (open !== undefined && (open.kind === "tool" || open.kind === "opaque") && !this.#draining)
        break;
      this.#held.delete(key);
      for (const event of events) this.#route(key, event);
    }
    this.#replaying = false;
  }
}
