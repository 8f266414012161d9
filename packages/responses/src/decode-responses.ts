import {
  DEFAULT_MAX_TOOL_CALLS,
  type DeltaEvent,
  type DialectDecoder,
  type Emit,
  errorEvent,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  type MetadataEvent,
  parseJsonData,
  setOwn,
  type WireMessage,
} from "@sse-dialects/core";
import { decodeUsage } from "./map-responses-usage.js";
import {
  DERIVED_ITEM_FIELDS,
  EVENTS,
  INCOMPLETE_REASONS,
  NAMED_EVENT_FIELDS,
  NAMED_RESPONSE_FIELDS,
  ownErrorCode,
  RESPONSES,
} from "./responses-wire.js";

/**
 * The highest `output_index` read (exclusive): core's default bound on parts, checked here
 * before anything is kept for the index.
 */
export const MAX_OUTPUT_INDEX = 4096;

/**
 * The most content parts (text, refusal, summary or reasoning-text parts across all items) whose
 * length the decoder keeps, to complete them from their `.done` events; a wire cannot make it keep
 * more by inventing `content_index` or `summary_index` values.
 */
export const MAX_TRACKED_PARTS = 4096;

/** The most `function_call` items tracked: core's default bound on tool calls. */
export const MAX_FUNCTION_CALLS = DEFAULT_MAX_TOOL_CALLS;

/** The kinds of content part whose length is tracked. */
const TEXT = 0;
const REFUSAL = 1;
const SUMMARY = 2;
const REASONING = 3;
type PartKind = typeof TEXT | typeof REFUSAL | typeof SUMMARY | typeof REASONING;

/**
 * A content part's key: a small integer rather than a string built per delta, which cost a
 * concatenation and a hash on every event (`sub` below {@link MAX_TRACKED_PARTS}, checked first).
 */
function partKey(kind: PartKind, sub: number, oi: number): number {
  return (sub * MAX_OUTPUT_INDEX + oi) * 4 + kind;
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(EVENTS));

/** The Responses decoder takes no options. */
export type ResponsesDecodeOptions = Record<never, never>;

/** A `function_call` item being filled: its tool-call index and how much of its arguments came. */
interface OpenCall {
  index: number;
  length: number;
  ended: boolean;
}

/** Where an event's unnamed fields are kept: its content part, its call, or the choice. */
type FieldsTarget = { part: number } | { call: number } | undefined;

/**
 * Responses SSE → normalized events. Every content event names its part: the item's
 * `output_index`. The mapping (see the package README for the full table):
 *
 * - `response.created` / `queued` / `in_progress` → `metadata` (id, model, `created_at`,
 *   `service_tier`, when changed), `role` `assistant` once, and the response's other fields as an
 *   `extra` (scope `response`) — again at each lifecycle event for the fields that changed.
 * - `output_item.added`: `message`, `reasoning` → an `extra` (scope `part`) `{item}` with the
 *   item's own fields (`id`, `type`, …); `function_call` → an `extra` (scope `tool-call`) `{item}`
 *   with its `id`, then `tool-call-start` with `call_id` as the id; any other item (built-in
 *   tools) → an `extra` `{item}` with the whole item, and its `.done` → `{item_done}`.
 * - Deltas → `text-delta`, `refusal-delta`, `reasoning-delta` (summary and reasoning text),
 *   `tool-call-delta`; `logprobs` on a text delta → `logprobs` `{content}` (the chat shape, the
 *   same token objects). A `*.done` (or `output_item.done`) adds what its deltas did not say —
 *   the whole value when none came — and a call ends at its `output_item.done`.
 * - A reasoning item's final `encrypted_content` → `reasoning-redacted`.
 * - `response.completed` → `finish` `stop` (`tool_calls` when the response called functions);
 *   `response.incomplete` → `finish` from `incomplete_details.reason` (`max_output_tokens` →
 *   `length`, `content_filter`); both then `usage`. `response.failed` → `error` (its
 *   `response.error`) unless an `error` event came before. Each is the end of the stream.
 * - A top-level `error` event → `error` `provider-error` with the event as data: final.
 * - `obfuscation` padding is dropped; any other event type → `unknown`, kept whole.
 * - Any event's top-level fields the reference does not name → an `extra` `{event_fields}` on
 *   its part, call or choice, before the events that make an encoder write that event again.
 */
export class ResponsesDecoder implements DialectDecoder {
  readonly #emit: Emit;
  readonly #metadata: MetadataEvent = { type: "metadata" };
  /** The response's fields other than the named ones, as last seen. */
  #fields: JsonObject = {};
  #role = false;
  #ended = false;
  /** A provider's error ended the stream (the API sends nothing after it but `response.failed`). */
  #errored = false;
  /** An `error` event was seen: `response.failed` repeats it, so it is not emitted again. */
  #errorSeen = false;
  #calledFunctions = false;
  #toolCalls = 0;
  /** The call whose arguments are done, until its `output_item.done` ends it. */
  #argumentsDone: OpenCall | undefined;
  readonly #calls = new Map<number, OpenCall>();
  /**
   * Characters received per content part (by {@link partKey}), to complete each from its `.done`
   * events; at most {@link MAX_TRACKED_PARTS} entries.
   */
  readonly #lengths = new Map<number, number>();
  /**
   * The own fields each open `message`, `reasoning` or `function_call` item was announced with
   * (by output index, so at most {@link MAX_OUTPUT_INDEX}), to keep what its `output_item.done`
   * adds or changes.
   */
  readonly #announced = new Map<number, JsonObject | undefined>();
  /** The type of the last content part announced per item, to tell a second text part apart. */
  readonly #partTypes = new Map<number, string>();
  /**
   * Where the last delta of each delta identity (`type/part`, or `call/index`) was counted: its
   * part's key in `#lengths`, or its call. A repeat the engine reads without this decoder
   * (`repeated`, see core's steady deltas) is counted there.
   */
  readonly #counted = new Map<string, number | OpenCall>();

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  message(message: WireMessage): void {
    const value = parseJsonData(message.data, this.#emit);
    if (value === undefined) return;
    if (!isJsonObject(value) || typeof value.type !== "string") {
      this.#emit(
        errorEvent("invalid-event", "A Responses event must be a JSON object with a `type`", value),
      );
      return;
    }
    const e = value;
    const index = e.output_index;
    let oi = 0;
    if (index !== undefined) {
      if (
        !Number.isInteger(index) ||
        (index as number) < 0 ||
        (index as number) >= MAX_OUTPUT_INDEX
      ) {
        if (KNOWN_TYPES.has(e.type as string)) {
          this.#invalid(e, `its output_index is not an integer from 0 to ${MAX_OUTPUT_INDEX - 1}`);
        } else this.#unknown(message, e);
        return;
      }
      oi = index as number;
    }
    // Deltas first, the two most frequent (text, arguments) first of all: nearly every event is
    // one, and the `switch` compares the type with each case in order.
    switch (e.type) {
      case EVENTS.textDelta:
        this.#text("text-delta", TEXT, num(e.content_index), e, oi);
        if (Array.isArray(e.logprobs) && e.logprobs.length > 0) {
          this.#emit({
            type: "logprobs",
            choice: 0,
            logprobs: { content: e.logprobs, refusal: null },
          });
        }
        return;
      case EVENTS.argumentsDelta: {
        const call = this.#calls.get(oi);
        if (call === undefined || typeof e.delta !== "string") {
          this.#invalid(e);
          return;
        }
        if (e.delta === "") return;
        const fields = otherFields(e);
        if (fields !== undefined) {
          this.#emit({
            type: "extra",
            dialect: RESPONSES,
            scope: "tool-call",
            choice: 0,
            index: call.index,
            fields: { event_fields: fields },
          });
        }
        call.length += e.delta.length;
        this.#counted.set(`call/${call.index}`, call);
        this.#emit({ type: "tool-call-delta", choice: 0, index: call.index, delta: e.delta });
        return;
      }
      case EVENTS.summaryDelta:
        this.#text("reasoning-delta", SUMMARY, num(e.summary_index), e, oi);
        return;
      case EVENTS.reasoningDelta:
        this.#text("reasoning-delta", REASONING, num(e.content_index), e, oi);
        return;
      case EVENTS.refusalDelta:
        this.#text("refusal-delta", REFUSAL, num(e.content_index), e, oi);
        return;
      case EVENTS.textDone:
        this.#keepFields(e, { part: oi });
        this.#complete("text-delta", TEXT, num(e.content_index), oi, e.text);
        return;
      case EVENTS.refusalDone:
        this.#keepFields(e, { part: oi });
        this.#complete("refusal-delta", REFUSAL, num(e.content_index), oi, e.refusal);
        return;
      case EVENTS.summaryDone:
        this.#keepFields(e, { part: oi });
        this.#complete("reasoning-delta", SUMMARY, num(e.summary_index), oi, e.text);
        return;
      case EVENTS.reasoningDone:
        this.#keepFields(e, { part: oi });
        this.#complete("reasoning-delta", REASONING, num(e.content_index), oi, e.text);
        return;
      case EVENTS.argumentsDone: {
        const call = this.#calls.get(oi);
        if (call === undefined) return;
        this.#keepFields(e, { call: call.index });
        this.#completeCall(call, e.arguments);
        return;
      }
      case EVENTS.partAdded:
        this.#keepFields(e, { part: oi });
        this.#partAdded(e, oi);
        return;
      case EVENTS.partDone:
        this.#keepFields(e, { part: oi });
        if (isJsonObject(e.part)) this.#completePart(e.part, oi, num(e.content_index));
        return;
      case EVENTS.summaryPartAdded:
        this.#keepFields(e, { part: oi });
        if (num(e.summary_index) > 0) this.#partExtra(oi, { summary_index: num(e.summary_index) });
        return;
      case EVENTS.summaryPartDone:
        this.#keepFields(e, { part: oi });
        if (isJsonObject(e.part)) {
          this.#complete("reasoning-delta", SUMMARY, num(e.summary_index), oi, e.part.text);
        }
        return;
      case EVENTS.annotation:
        this.#keepFields(e, { part: oi });
        if (e.annotation !== undefined) this.#partExtra(oi, { annotation: e.annotation });
        return;
      case EVENTS.itemAdded:
        isJsonObject(e.item) ? this.#itemAdded(e, e.item, oi) : this.#invalid(e);
        return;
      case EVENTS.itemDone:
        isJsonObject(e.item) ? this.#itemDone(e, e.item, oi) : this.#invalid(e);
        return;
      case EVENTS.created:
      case EVENTS.inProgress:
        if (!isJsonObject(e.response)) {
          this.#invalid(e);
          return;
        }
        this.#keepFields(e, undefined);
        this.#lifecycle(e.response);
        return;
      case EVENTS.queued:
        if (!isJsonObject(e.response)) {
          this.#invalid(e);
          return;
        }
        this.#lifecycle(e.response);
        // Nothing in the model says a response was queued (background mode): the event itself
        // is kept, so that re-encoding as Responses writes it back in its place.
        this.#emit({
          type: "unknown",
          dialect: RESPONSES,
          event: EVENTS.queued,
          data: withoutSequence(e),
        });
        return;
      case EVENTS.completed:
      case EVENTS.incomplete:
      case EVENTS.failed:
        if (!isJsonObject(e.response)) {
          this.#invalid(e);
          return;
        }
        this.#keepFields(e, undefined);
        this.#terminal(e.type, e.response);
        return;
      case EVENTS.error:
        this.#error(e);
        return;
      default:
        this.#unknown(message, e);
    }
  }

  /** An event this dialect does not know (`keepalive`, a vendor's): kept whole, renumbered. */
  #unknown(message: WireMessage, e: JsonObject): void {
    this.#emit({
      type: "unknown",
      dialect: RESPONSES,
      ...(message.event === undefined ? {} : { event: message.event }),
      data: withoutSequence(e),
    });
  }

  repeated(event: DeltaEvent): void {
    if (event.type === "tool-call-delta") {
      const call = this.#counted.get(`call/${event.index}`);
      if (typeof call === "object") call.length += event.delta.length;
      return;
    }
    const key = this.#counted.get(`${event.type}/${event.part}`);
    if (typeof key === "number")
      this.#lengths.set(key, (this.#lengths.get(key) ?? 0) + event.text.length);
  }

  end(): boolean {
    return this.#ended || this.#errored;
  }

  #text(
    type: "text-delta" | "reasoning-delta" | "refusal-delta",
    kind: PartKind,
    sub: number,
    e: JsonObject,
    oi: number,
  ): void {
    const { delta } = e;
    if (typeof delta !== "string") {
      this.#invalid(e);
      return;
    }
    if (delta === "") return;
    const key = partKey(kind, sub, oi);
    const seen = this.#lengths.get(key);
    if (seen === undefined && !this.#track(e, sub)) return;
    const fields = otherFields(e);
    if (fields !== undefined) this.#partExtra(oi, { event_fields: fields });
    this.#lengths.set(key, (seen ?? 0) + delta.length);
    this.#counted.set(`${type}/${oi}`, key);
    this.#emit({ type, choice: 0, part: oi, text: delta });
  }

  /** Whether one more content part may be tracked; if not, the event is an invalid one. */
  #track(e: JsonObject, sub: number): boolean {
    if (sub >= MAX_TRACKED_PARTS) {
      this.#invalid(e, `its content or summary index is past ${MAX_TRACKED_PARTS - 1}`);
      return false;
    }
    if (this.#lengths.size < MAX_TRACKED_PARTS) return true;
    this.#invalid(e, `it would open more than ${MAX_TRACKED_PARTS} content parts`);
    return false;
  }

  /** A `.done`'s full value: what its deltas did not say is emitted now. */
  #complete(
    type: "text-delta" | "reasoning-delta" | "refusal-delta",
    kind: PartKind,
    sub: number,
    oi: number,
    full: JsonValue | undefined,
  ): void {
    if (typeof full !== "string") return;
    const key = partKey(kind, sub, oi);
    const tracked = this.#lengths.get(key);
    if (tracked === undefined && !this.#track({ type: `${type} completion` }, sub)) return;
    const seen = tracked ?? 0;
    if (full.length <= seen) return;
    this.#lengths.set(key, full.length);
    this.#emit({ type, choice: 0, part: oi, text: full.slice(seen) });
  }

  #completePart(part: JsonObject, oi: number, ci: number): void {
    if (part.type === "output_text") this.#complete("text-delta", TEXT, ci, oi, part.text);
    else if (part.type === "refusal")
      this.#complete("refusal-delta", REFUSAL, ci, oi, part.refusal);
    else if (part.type === "reasoning_text") {
      this.#complete("reasoning-delta", REASONING, ci, oi, part.text);
    }
  }

  #partAdded(e: JsonObject, oi: number): void {
    if (!isJsonObject(e.part)) return;
    const { type } = e.part;
    // A reasoning item's raw reasoning text (`reasoning_text` parts) is told apart from its
    // summary, so that re-encoding writes it as reasoning text again.
    if (type === "reasoning_text") {
      this.#partExtra(oi, { content_index: num(e.content_index) });
      return;
    }
    if (typeof type !== "string") return;
    // A second text (or refusal) part of one message: its deltas continue the part number, so
    // the boundary is kept as part state for re-encoding to open a new content part there.
    if (this.#partTypes.get(oi) === type) {
      this.#partExtra(oi, { content_index: num(e.content_index) });
    }
    this.#partTypes.set(oi, type);
  }

  #itemAdded(e: JsonObject, item: JsonObject, oi: number): void {
    this.#endArgumentsDone();
    const type = item.type;
    if (type === "function_call") {
      if (this.#calls.size >= MAX_FUNCTION_CALLS && !this.#calls.has(oi)) {
        this.#invalid({ type: EVENTS.itemAdded }, `more than ${MAX_FUNCTION_CALLS} function calls`);
        return;
      }
      const index = this.#toolCalls++;
      this.#keepFields(e, { call: index });
      this.#calledFunctions = true;
      this.#calls.set(oi, { index, length: 0, ended: false });
      const own = ownFields(item, DERIVED_ITEM_FIELDS.function_call!);
      this.#announced.set(oi, own);
      if (own !== undefined) {
        this.#emit({
          type: "extra",
          dialect: RESPONSES,
          scope: "tool-call",
          choice: 0,
          index,
          fields: { item: own },
        });
      }
      this.#emit({
        type: "tool-call-start",
        choice: 0,
        index,
        ...(typeof item.call_id === "string" ? { id: item.call_id } : {}),
        name: typeof item.name === "string" ? item.name : "",
      });
      if (typeof item.arguments === "string" && item.arguments !== "") {
        this.#calls.get(oi)!.length = item.arguments.length;
        this.#emit({ type: "tool-call-delta", choice: 0, index, delta: item.arguments });
      }
      return;
    }
    const derived = typeof type === "string" ? DERIVED_ITEM_FIELDS[type] : undefined;
    const fields =
      derived === undefined || type === "function_call"
        ? item
        : (ownFields(item, derived) ?? { type: type as string });
    if (derived !== undefined && item.role !== undefined && item.role !== "assistant") {
      setOwn(fields, "role", item.role);
    }
    if (derived !== undefined) this.#announced.set(oi, fields);
    this.#keepFields(e, { part: oi });
    this.#partExtra(oi, { item: fields });
  }

  #itemDone(e: JsonObject, item: JsonObject, oi: number): void {
    if (item.type === "function_call") {
      const call = this.#calls.get(oi);
      if (call === undefined || call.ended) return;
      // Kept before the call ends: an encoder writes `output_item.done` when the call ends.
      this.#keepFields(e, { call: call.index });
      const added = this.#addedFields(item, oi);
      if (added !== undefined) {
        this.#emit({
          type: "extra",
          dialect: RESPONSES,
          scope: "tool-call",
          choice: 0,
          index: call.index,
          fields: { item_fields: added },
        });
      }
      this.#completeCall(call, item.arguments);
      this.#endCall(call);
      return;
    }
    this.#keepFields(e, { part: oi });
    const added = this.#addedFields(item, oi);
    if (added !== undefined) this.#partExtra(oi, { item_fields: added });
    switch (item.type) {
      case "message":
        if (Array.isArray(item.content)) {
          item.content.forEach((part, ci) => {
            if (isJsonObject(part)) this.#completePart(part, oi, ci);
          });
          const layout = contentLayout(item.content);
          if (layout !== undefined) this.#partExtra(oi, { content_parts: layout });
        }
        return;
      case "reasoning":
        if (Array.isArray(item.summary)) {
          item.summary.forEach((part, si) => {
            if (isJsonObject(part)) this.#complete("reasoning-delta", SUMMARY, si, oi, part.text);
          });
        }
        if (Array.isArray(item.content)) {
          item.content.forEach((part, ci) => {
            if (isJsonObject(part)) this.#completePart(part, oi, ci);
          });
        }
        if (typeof item.encrypted_content === "string") {
          this.#emit({
            type: "reasoning-redacted",
            choice: 0,
            part: oi,
            data: item.encrypted_content,
          });
        }
        return;
      default:
        this.#partExtra(oi, { item_done: item });
    }
  }

  /**
   * Emits what of `full` a call's deltas did not say. The call ends at its `output_item.done`
   * (whose own fields come first), or when the next item begins or the response ends if that
   * event never comes.
   */
  #completeCall(call: OpenCall, full: JsonValue | undefined): void {
    if (call.ended) return;
    if (typeof full === "string" && full.length > call.length) {
      this.#emit({
        type: "tool-call-delta",
        choice: 0,
        index: call.index,
        delta: full.slice(call.length),
      });
      call.length = full.length;
    }
    if (this.#argumentsDone !== call) this.#endArgumentsDone();
    this.#argumentsDone = call;
  }

  #endCall(call: OpenCall): void {
    if (this.#argumentsDone === call) this.#argumentsDone = undefined;
    if (call.ended) return;
    call.ended = true;
    this.#emit({ type: "tool-call-end", choice: 0, index: call.index });
  }

  /** Ends the call whose arguments are done when its `output_item.done` did not come. */
  #endArgumentsDone(): void {
    if (this.#argumentsDone !== undefined) this.#endCall(this.#argumentsDone);
  }

  /**
   * Keeps the event's top-level fields that {@link NAMED_EVENT_FIELDS} does not name as this
   * dialect's `{event_fields}` on its part, call or (for the response's lifecycle) choice 0 —
   * before the events that make an encoder write that event, so it writes them back there.
   */
  #keepFields(e: JsonObject, target: FieldsTarget): void {
    const fields = unnamedFields(e);
    if (fields === undefined) return;
    if (target === undefined) {
      this.#emit({
        type: "extra",
        dialect: RESPONSES,
        scope: "choice",
        choice: 0,
        fields: { event_fields: fields },
      });
    } else if ("call" in target) {
      this.#emit({
        type: "extra",
        dialect: RESPONSES,
        scope: "tool-call",
        choice: 0,
        index: target.call,
        fields: { event_fields: fields },
      });
    } else this.#partExtra(target.part, { event_fields: fields });
  }

  /**
   * The own fields a finished item has that it was not announced with, or has with another
   * value (a vendor's field set at the end): `undefined` when none. Its encrypted reasoning is
   * not one (it is `reasoning-redacted`).
   */
  #addedFields(item: JsonObject, oi: number): JsonObject | undefined {
    const derived = typeof item.type === "string" ? DERIVED_ITEM_FIELDS[item.type] : undefined;
    if (derived === undefined || !this.#announced.has(oi)) return undefined;
    const announced = this.#announced.get(oi) ?? {};
    this.#announced.delete(oi);
    let added: JsonObject | undefined;
    for (const key of Object.keys(item)) {
      if (derived.has(key) || (item.type === "reasoning" && key === "encrypted_content")) continue;
      if (key === "id" || key === "type") continue;
      const value = item[key]!;
      if (Object.hasOwn(announced, key) && jsonEqual(announced[key], value)) continue;
      added ??= {};
      setOwn(added, key, value);
    }
    return added;
  }

  #lifecycle(response: JsonObject): void {
    this.#meta(response);
    if (!this.#role) {
      this.#role = true;
      this.#emit({ type: "role", choice: 0, role: "assistant" });
    }
    this.#responseFields(response);
  }

  #terminal(type: string, response: JsonObject): void {
    this.#ended = true;
    this.#endArgumentsDone();
    this.#meta(response);
    this.#responseFields(response);
    if (type === EVENTS.failed) {
      if (!this.#errorSeen) {
        const error = isJsonObject(response.error) ? response.error : {};
        this.#errored = true;
        this.#emit({
          ...errorEvent("provider-error", messageOf(error), error),
          dialect: RESPONSES,
        });
      }
    } else if (type === EVENTS.incomplete) {
      const details = isJsonObject(response.incomplete_details) ? response.incomplete_details : {};
      const raw = typeof details.reason === "string" ? details.reason : "incomplete";
      const reason = Object.hasOwn(INCOMPLETE_REASONS, raw)
        ? INCOMPLETE_REASONS[raw as keyof typeof INCOMPLETE_REASONS]
        : "other";
      this.#emit({ type: "finish", choice: 0, reason, raw });
    } else {
      const reason = this.#calledFunctions ? "tool_calls" : "stop";
      this.#emit({ type: "finish", choice: 0, reason, raw: "completed" });
    }
    if (isJsonObject(response.usage)) this.#emit(decodeUsage(response.usage));
  }

  #error(e: JsonObject): void {
    const nested = isJsonObject(e.error) ? e.error : undefined;
    const code = e.code ?? nested?.code;
    const message = typeof e.message === "string" ? e.message : messageOf(nested ?? {});
    const own = ownErrorCode(code);
    this.#errorSeen = true;
    if (own !== undefined) {
      // One of ours (a cut-off source, say): it comes back with its code and context.
      this.#emit(errorEvent(own, message, e.data));
      return;
    }
    this.#errored = true;
    this.#emit({
      ...errorEvent("provider-error", message, withoutSequence(e)),
      dialect: RESPONSES,
    });
  }

  #meta(response: JsonObject): void {
    const m = this.#metadata;
    const changed: MetadataEvent = { type: "metadata" };
    const { id, model, created_at: created, service_tier: tier } = response;
    if (typeof id === "string" && id !== "" && id !== m.id) changed.id = m.id = id;
    if (typeof model === "string" && model !== "" && model !== m.model) {
      changed.model = m.model = model;
    }
    if (typeof created === "number" && created !== m.created) {
      changed.created = m.created = created;
    }
    if (typeof tier === "string" && tier !== m.serviceTier) {
      changed.serviceTier = m.serviceTier = tier;
    }
    if (Object.keys(changed).length > 1) this.#emit(changed);
  }

  /** The response's unnamed fields that are new or changed since the last lifecycle event. */
  #responseFields(response: JsonObject): void {
    let changed: JsonObject | undefined;
    for (const key of Object.keys(response)) {
      if (NAMED_RESPONSE_FIELDS.has(key)) continue;
      const value = response[key]!;
      if (Object.hasOwn(this.#fields, key) && jsonEqual(this.#fields[key], value)) continue;
      setOwn(this.#fields, key, value);
      changed ??= {};
      setOwn(changed, key, value);
    }
    if (changed !== undefined) {
      this.#emit({ type: "extra", dialect: RESPONSES, scope: "response", fields: changed });
    }
  }

  #partExtra(oi: number, fields: JsonObject): void {
    this.#emit({ type: "extra", dialect: RESPONSES, scope: "part", choice: 0, part: oi, fields });
  }

  #invalid(e: JsonObject, why?: string): void {
    this.#emit(
      why === undefined
        ? errorEvent("invalid-event", `A Responses ${String(e.type)} event is malformed`, e)
        : errorEvent("invalid-event", `A Responses ${String(e.type)} event was skipped: ${why}`),
    );
  }
}

function num(value: JsonValue | undefined): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
}

function messageOf(error: JsonObject): string {
  return typeof error.message === "string" ? error.message : "The Responses stream failed";
}

/**
 * A (non-delta) event's fields that {@link NAMED_EVENT_FIELDS} does not name, with its `type`;
 * `undefined` (nearly always) when there are none.
 */
function unnamedFields(e: JsonObject): JsonObject | undefined {
  const type = e.type as string;
  const named = NAMED_EVENT_FIELDS[type];
  if (named === undefined) return undefined;
  let out: JsonObject | undefined;
  for (const key of Object.keys(e)) {
    if (named.has(key)) continue;
    out ??= { type };
    setOwn(out, key, e[key]!);
  }
  return out;
}

/**
 * A delta event's fields other than the ones the model names or that are padding (`obfuscation`,
 * random characters the API adds to even out event sizes: dropped, as the chat dialect drops it),
 * with its `type`; `undefined` (nearly always) when there are none. Any such field is kept as this
 * dialect's `{event_fields}` and written back on the delta. A `switch` on the key, not a `Set`:
 * this runs on every delta.
 */
function otherFields(e: JsonObject): JsonObject | undefined {
  const type = e.type as string;
  let out: JsonObject | undefined;
  for (const key in e) {
    switch (key) {
      case "type":
      case "sequence_number":
      case "item_id":
      case "output_index":
      case "delta":
      case "obfuscation":
        continue;
      case "content_index":
        if (type !== EVENTS.summaryDelta && type !== EVENTS.argumentsDelta) continue;
        break;
      case "summary_index":
        if (type === EVENTS.summaryDelta) continue;
        break;
      case "logprobs":
        if (type === EVENTS.textDelta) continue;
        break;
    }
    out ??= { type };
    setOwn(out, key, e[key]!);
  }
  return out;
}

/**
 * The content parts of a finished message as they were, without their text: each part's own
 * fields (`type`, `annotations`, a vendor's) and `text_length`, the characters of its text (or
 * refusal). A message's text deltas all name its output index, so an accumulator joins the text
 * of its parts; this lets a non-streaming response give each part back with its annotations.
 * `undefined` for the usual message of one text part without annotations (nothing to add).
 */
function contentLayout(content: JsonValue[]): JsonObject[] | undefined {
  let needed = content.length > 1;
  const layout: JsonObject[] = [];
  for (const part of content) {
    if (!isJsonObject(part)) return undefined;
    const entry: JsonObject = {};
    for (const key of Object.keys(part)) {
      const value = part[key]!;
      if (key === "text" || key === "refusal" || key === "logprobs") continue;
      if (key === "annotations" && Array.isArray(value) && value.length === 0) continue;
      if (key !== "type") needed = true;
      setOwn(entry, key, value);
    }
    const text = part.type === "refusal" ? part.refusal : part.text;
    entry.text_length = typeof text === "string" ? text.length : 0;
    layout.push(entry);
  }
  return needed ? layout : undefined;
}

/** The event without its `sequence_number`, which an encoder numbers again. */
function withoutSequence(e: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(e)) if (key !== "sequence_number") setOwn(out, key, e[key]!);
  return out;
}

/** The item's fields other than `derived`, or `undefined` when none is left. */
function ownFields(item: JsonObject, derived: ReadonlySet<string>): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const key of Object.keys(item)) {
    if (derived.has(key)) continue;
    out ??= {};
    setOwn(out, key, item[key]!);
  }
  return out;
}
