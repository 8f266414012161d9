import {
  assignOwn,
  type DialectEncoder,
  type ErrorEvent,
  type ExtraEvent,
  formatSseComment,
  formatSseEvent,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  LONG_STRING,
  type LogprobsEvent,
  LongStrings,
  type RefusalDeltaEvent,
  type ReportDrop,
  type StreamEvent,
  setOwn,
  type TextDeltaEvent,
  type ToolCallStartEvent,
  toolCallIdOf,
  type UnknownEvent,
  type UsageEvent,
  type Write,
} from "@sse-dialects/core";
import { buildResponse, type ResponseState } from "./build-response.js";
import {
  type ContentPart,
  emptyPart,
  type FunctionCallItem,
  itemId,
  itemJson,
  type MessageItem,
  type OutputItem,
  type ReasoningItem,
} from "./output-items.js";
import { EVENTS, RESPONSES } from "./responses-wire.js";

/** The Responses encoder takes no options: what it cannot express goes to the drop report. */
export type ResponsesEncodeOptions = Record<never, never>;

type ContentKind = "text" | "refusal" | "reasoning";

/** The events of an item after its `output_item.added`: written before its `output_item.done`. */
const ITEM_EVENTS: ReadonlySet<string> = new Set([
  EVENTS.partAdded,
  EVENTS.partDone,
  EVENTS.textDone,
  EVENTS.annotation,
  EVENTS.refusalDone,
  EVENTS.summaryPartAdded,
  EVENTS.summaryPartDone,
  EVENTS.summaryDone,
  EVENTS.reasoningDone,
  EVENTS.argumentsDone,
  EVENTS.itemDone,
]);

/** What every `output_text.delta` event starts with, up to its sequence number. */
const TEXT_DELTA_HEAD = `event: ${EVENTS.textDelta}\ndata: {"type":"${EVENTS.textDelta}","sequence_number":`;
/** What every `output_text.delta` event ends with, after its delta. */
const TEXT_DELTA_TAIL = `,"logprobs":[]}\n\n`;

/**
 * Normalized events → Responses SSE, in the order the `openai` SDK's `ResponseStream`
 * accumulator requires (it throws on an index it has not seen): `response.created` and
 * `response.in_progress` first; each item announced by `output_item.added` (output indexes
 * contiguous, in order of appearance) before its deltas, each text part by
 * `content_part.added`; every `.done` with the full value; `output_item.done` for every item;
 * then one terminal event — `response.completed`, `response.incomplete` (finish `length` →
 * `max_output_tokens`, `content_filter`) or `response.failed` after any error (each error is
 * first written as an `error` event, which makes the SDK throw) — whose `output` lists every
 * item in full, with `usage`. `sequence_number` counts from 0.
 *
 * Each content part of the source becomes its own item (text and refusal of one part share a
 * message item); a tool call is a `function_call` item whose `call_id` is the call's id (or
 * `toolCallIdOf`). Item ids are this dialect's part state when the source was Responses, else
 * generated from the output index. Held back: `response.created` until the first event that is
 * not metadata (or the next flush), and the terminal event until the end, since it carries the
 * usage that sources send after their finish.
 */
export class ResponsesEncoder implements DialectEncoder {
  readonly #write: Write;
  readonly #report: ReportDrop;
  #seq = 0;
  #started = false;
  readonly #state: ResponseState = {
    metadata: {},
    fields: {},
    usage: undefined,
    finish: undefined,
    error: undefined,
  };
  readonly #output: OutputItem[] = [];
  /** The open message or reasoning item, where content events go. */
  #content: MessageItem | ReasoningItem | undefined;
  readonly #calls = new Map<number, FunctionCallItem>();
  /** Item fields of tool calls announced before their start (this dialect's own). */
  readonly #callFields = new Map<number, JsonObject>();
  /** The kind of the last content event, for sources without part numbers. */
  #lastKind: ContentKind | undefined;
  #current: StreamEvent | undefined;
  /**
   * The source's own top-level fields for the next event of each `type` (`{event_fields}`, this
   * dialect's part, call or choice state): written on it, after the fields this encoder writes.
   * The decoder keeps them before the events that make this encoder write that event.
   */
  #eventFields: Map<string, { fields: JsonObject; from: StreamEvent }> | undefined;
  /** A `response.queued` of the source, written between `created` and `in_progress`. */
  #queued: { name: string | undefined; data: JsonObject } | undefined;
  /** The text part whose delta prefix is cached, and the prefix. */
  #textPrefixOf: ContentPart | undefined;
  #textPrefix = "";
  /**
   * Set once an item with a long text closes: its `.done` events, its `output_item.done` and the
   * terminal response each repeat that text, which is then escaped once (see `LongStrings`).
   */
  #longStrings: LongStrings | undefined;

  constructor(write: Write, _options: ResponsesEncodeOptions = {}, drop: ReportDrop = () => {}) {
    this.#write = write;
    this.#report = drop;
  }

  /**
   * A `switch` rather than a ts-pattern `match`: this runs once per event, and on a source that
   * repeats its usage in every chunk (Gemini) the matcher cost more than the rest of encoding.
   * The `never` check keeps it exhaustive: a new event type is a build error here.
   */
  encode(event: StreamEvent): void {
    this.#current = event;
    switch (event.type) {
      case "text-delta":
        this.#textDelta(event);
        return;
      case "refusal-delta":
        this.#refusalDelta(event);
        return;
      case "reasoning-delta":
        if (this.#otherChoice(event.choice) || event.text === "") return;
        this.#reasoningText(this.#reasoning(event.part), event.text);
        return;
      case "reasoning-redacted": {
        if (this.#otherChoice(event.choice)) return;
        // The encrypted content goes on `output_item.done`, so the item ends here: written as
        // soon as it is known (Responses sends it last in its item too).
        const item = this.#reasoning(event.part);
        item.encrypted = event.data;
        this.#closeContent();
        return;
      }
      case "reasoning-signature":
        this.#drop("reasoning signatures (a reasoning item has no field for one)");
        return;
      case "tool-call-start":
        this.#toolCallStart(event);
        return;
      case "tool-call-delta": {
        if (this.#otherChoice(event.choice)) return;
        const item = this.#calls.get(event.index);
        if (item === undefined || item.done) {
          this.#drop("arguments of a call not started");
          return;
        }
        if (event.delta === "") return;
        item.arguments += event.delta;
        this.#event(EVENTS.argumentsDelta, {
          item_id: itemId(item),
          output_index: item.outputIndex,
          delta: event.delta,
        });
        return;
      }
      case "tool-call-end": {
        if (this.#otherChoice(event.choice)) return;
        const item = this.#calls.get(event.index);
        if (item !== undefined && !item.done) this.#closeItem(item);
        return;
      }
      case "logprobs":
        this.#logprobs(event);
        return;
      case "metadata": {
        if (event.systemFingerprint !== undefined) this.#drop("system_fingerprint");
        const { type: _, systemFingerprint: __, ...rest } = event;
        Object.assign(this.#state.metadata, rest);
        return;
      }
      case "role":
        if (this.#otherChoice(event.choice)) return;
        if (event.role !== "assistant") this.#drop(`role ${event.role}`);
        return;
      case "finish":
        if (this.#otherChoice(event.choice)) return;
        this.#start();
        this.#closeAll();
        if (event.reason === "other") this.#drop(`finish reason ${event.raw}`);
        this.#state.finish = event.reason;
        return;
      case "usage":
        this.#usage(event);
        return;
      case "extra":
        this.#extra(event);
        return;
      case "unknown":
        this.#unknown(event);
        return;
      case "comment":
        this.#write(formatSseComment(event.text));
        return;
      case "error":
        this.#error(event);
        return;
      case "receipt":
        this.#drop("receipts");
        return;
      case "end":
        this.#end();
        return;
      default: {
        const unhandled: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unhandled)}`);
      }
    }
  }

  #refusalDelta(e: RefusalDeltaEvent): void {
    if (this.#otherChoice(e.choice) || e.text === "") return;
    const item = this.#message(e.part, "refusal");
    const ci = this.#part(item, "refusal");
    (item.content[ci] as Extract<ContentPart, { type: "refusal" }>).refusal += e.text;
    this.#event(EVENTS.refusalDelta, {
      item_id: itemId(item),
      output_index: item.outputIndex,
      content_index: ci,
      delta: e.text,
    });
  }

  #toolCallStart(e: ToolCallStartEvent): void {
    if (this.#otherChoice(e.choice)) return;
    this.#start();
    this.#closeContent();
    this.#lastKind = undefined;
    const item: FunctionCallItem = {
      kind: "function_call",
      outputIndex: this.#output.length,
      toolIndex: e.index,
      base: this.#callFields.get(e.index) ?? {},
      callId: toolCallIdOf(e),
      name: e.name,
      arguments: "",
      done: false,
    };
    this.#callFields.delete(e.index);
    const previous = this.#calls.get(e.index);
    if (previous?.done === false) this.#closeItem(previous);
    this.#calls.set(e.index, item);
    this.#add(item);
  }

  #logprobs(e: LogprobsEvent): void {
    if (this.#otherChoice(e.choice)) return;
    const content = isJsonObject(e.logprobs) ? e.logprobs.content : undefined;
    const item = this.#content;
    const last = item?.kind === "message" ? item.content.length - 1 : -1;
    if (item?.kind !== "message" || item.content[last]?.type !== "output_text") {
      this.#drop("logprobs outside a text part");
      return;
    }
    if (!Array.isArray(content)) {
      this.#drop("logprobs other than token `content`");
      return;
    }
    (item.content[last] as { logprobs: JsonValue[] }).logprobs.push(...content);
    this.#event(EVENTS.textDelta, {
      item_id: itemId(item),
      output_index: item.outputIndex,
      content_index: last,
      delta: "",
      logprobs: content,
    });
  }

  #unknown(e: UnknownEvent): void {
    if (e.dialect !== RESPONSES) {
      this.#drop(`an event of another dialect (${e.dialect})`);
      return;
    }
    if (!isJsonObject(e.data) || typeof e.data.type !== "string") {
      this.#drop("unknown events that are not typed objects");
      return;
    }
    // A queued response is announced between `response.created` and `in_progress`.
    if (e.data.type === EVENTS.queued && !this.#started) {
      this.#queued = { name: e.event, data: e.data };
    } else {
      this.#start();
      this.#writeUnknown(e.event, e.data);
    }
  }

  #textDelta(e: TextDeltaEvent): void {
    if (this.#otherChoice(e.choice) || e.text === "") return;
    const item = this.#message(e.part, "text");
    const ci = this.#part(item, "output_text");
    const part = item.content[ci] as Extract<ContentPart, { type: "output_text" }>;
    part.text += e.text;
    if (this.#eventFields?.has(EVENTS.textDelta)) {
      this.#event(EVENTS.textDelta, {
        item_id: itemId(item),
        output_index: item.outputIndex,
        content_index: ci,
        delta: e.text,
        logprobs: [],
      });
      return;
    }
    // The hot path: the event's JSON around the delta and its sequence number is the same for
    // the whole part, so it is built once and written as `reusable` (a byte sink keeps its UTF-8
    // bytes): JSON.stringify of the whole object per delta cost 2× the floor, and encoding the
    // ~150 constant characters of every event again was a fifth of a conversion.
    if (this.#textPrefixOf !== part) {
      this.#textPrefixOf = part;
      const ids = JSON.stringify({ item_id: itemId(item), output_index: item.outputIndex });
      this.#textPrefix = `,${ids.slice(1, -1)},"content_index":${ci},"delta":`;
    }
    const write = this.#write;
    write(TEXT_DELTA_HEAD, true);
    write(String(this.#seq++));
    write(this.#textPrefix, true);
    write(JSON.stringify(e.text));
    write(TEXT_DELTA_TAIL, true);
  }

  flush(): void {
    this.#start();
  }

  /** Writes one SSE event: `event: <type>` and the JSON with its sequence number. */
  #event(name: string, fields: JsonObject, type = name): void {
    const data: JsonObject = { type, sequence_number: this.#seq++ };
    for (const key of Object.keys(fields)) {
      if (key !== "sequence_number") setOwn(data, key, fields[key]!);
    }
    const own = this.#eventFields?.get(type)?.fields;
    if (own !== undefined) {
      this.#eventFields!.delete(type);
      if (this.#eventFields!.size === 0) this.#eventFields = undefined;
      for (const key of Object.keys(own)) {
        if (!Object.hasOwn(data, key)) setOwn(data, key, own[key]!);
      }
    }
    const json = this.#longStrings?.stringify(data) ?? JSON.stringify(data);
    this.#write(formatSseEvent({ event: name, data: json }));
  }

  /** An event of this dialect kept whole, under its SSE event name (else its type). */
  #writeUnknown(name: string | undefined, data: JsonObject): void {
    const { type, ...rest } = data;
    this.#event(name ?? (type as string), rest, type as string);
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    const response = buildResponse(this.#state, [], "in_progress");
    this.#event(EVENTS.created, { response });
    if (this.#queued !== undefined) this.#writeUnknown(this.#queued.name, this.#queued.data);
    this.#event(EVENTS.inProgress, { response });
  }

  #otherChoice(choice: number): boolean {
    if (choice === 0) return false;
    this.#drop("choices other than 0 (a response has one output)");
    return true;
  }

  /** The open message item for a part, or a new one. */
  #message(part: number | undefined, kind: ContentKind): MessageItem {
    const open = this.#content;
    const same =
      open?.kind === "message" &&
      (part === undefined
        ? open.sourcePart === undefined && this.#lastKind === kind
        : open.sourcePart === part);
    this.#lastKind = kind;
    if (same) return open as MessageItem;
    return this.#openMessage(part, { type: "message" });
  }

  #openMessage(part: number | undefined, base: JsonObject): MessageItem {
    this.#start();
    this.#closeContent();
    const item: MessageItem = {
      kind: "message",
      outputIndex: this.#output.length,
      sourcePart: part,
      base,
      content: [],
      done: false,
    };
    this.#content = item;
    this.#add(item);
    return item;
  }

  #reasoning(part: number | undefined): ReasoningItem {
    const open = this.#content;
    const same =
      open?.kind === "reasoning" &&
      (part === undefined
        ? open.sourcePart === undefined && this.#lastKind === "reasoning"
        : open.sourcePart === part);
    this.#lastKind = "reasoning";
    return same ? (open as ReasoningItem) : this.#openReasoning(part, { type: "reasoning" });
  }

  #openReasoning(part: number | undefined, base: JsonObject): ReasoningItem {
    this.#start();
    this.#closeContent();
    const item: ReasoningItem = {
      kind: "reasoning",
      outputIndex: this.#output.length,
      sourcePart: part,
      base,
      summary: [],
      summaryOpen: false,
      content: [],
      contentIndex: undefined,
      encrypted: undefined,
      done: false,
    };
    this.#content = item;
    this.#add(item);
    return item;
  }

  #reasoningText(item: ReasoningItem, text: string): void {
    const ids = { item_id: itemId(item), output_index: item.outputIndex };
    if (item.contentIndex !== undefined) {
      const ci = item.contentIndex;
      if (item.content[ci] === undefined) {
        item.content[ci] = { type: "reasoning_text", text: "" };
        this.#event(EVENTS.partAdded, {
          ...ids,
          content_index: ci,
          part: emptyPart(item.content[ci]!),
        });
      }
      (item.content[ci] as { text: string }).text += text;
      this.#event(EVENTS.reasoningDelta, { ...ids, content_index: ci, delta: text });
      return;
    }
    if (!item.summaryOpen) {
      item.summary.push("");
      item.summaryOpen = true;
      this.#event(EVENTS.summaryPartAdded, {
        ...ids,
        summary_index: item.summary.length - 1,
        part: { type: "summary_text", text: "" },
      });
    }
    const si = item.summary.length - 1;
    item.summary[si] += text;
    this.#event(EVENTS.summaryDelta, { ...ids, summary_index: si, delta: text });
  }

  /** The index of the item's last content part if it is of `type`, else of a new one. */
  #part(item: MessageItem, type: "output_text" | "refusal"): number {
    const last = item.content.length - 1;
    const open = item.content[last];
    if (open?.type === type && !(open as { closed?: boolean }).closed) return last;
    this.#closeLastPart(item);
    const part: ContentPart =
      type === "output_text"
        ? { type, text: "", annotations: [], logprobs: [] }
        : { type, refusal: "" };
    item.content.push(part);
    this.#event(EVENTS.partAdded, {
      item_id: itemId(item),
      output_index: item.outputIndex,
      content_index: last + 1,
      part: emptyPart(part),
    });
    return last + 1;
  }

  #add(item: OutputItem): void {
    this.#output.push(item);
    this.#event(EVENTS.itemAdded, { output_index: item.outputIndex, item: itemJson(item, false) });
  }

  #closeContent(): void {
    if (this.#content !== undefined && !this.#content.done) this.#closeItem(this.#content);
    this.#content = undefined;
  }

  #closeAll(status = "completed"): void {
    this.#content = undefined;
    for (const item of this.#output) if (!item.done) this.#closeItem(item, status);
  }

  /** Writes the `.done` events of an item's open parts, then `output_item.done`. */
  #closeItem(item: OutputItem, status = "completed"): void {
    item.done = true;
    if (this.#longStrings === undefined && hasLongText(item)) this.#longStrings = new LongStrings();
    const ids = { item_id: itemId(item), output_index: item.outputIndex };
    if (item.kind === "message") this.#closeLastPart(item);
    else if (item.kind === "reasoning") {
      if (item.summaryOpen) this.#closeSummary(item);
      item.content.forEach((part, ci) => {
        const text = (part as { text: string }).text;
        this.#event(EVENTS.reasoningDone, { ...ids, content_index: ci, text });
        this.#event(EVENTS.partDone, { ...ids, content_index: ci, part: { ...part } });
      });
    } else if (item.kind === "function_call") {
      this.#event(EVENTS.argumentsDone, { ...ids, arguments: item.arguments, name: item.name });
    }
    this.#event(EVENTS.itemDone, {
      output_index: item.outputIndex,
      item: itemJson(item, true, status),
    });
    this.#dropUnwrittenFields();
  }

  #closeSummary(item: ReasoningItem): void {
    item.summaryOpen = false;
    const si = item.summary.length - 1;
    const text = item.summary[si] ?? "";
    const ids = { item_id: itemId(item), output_index: item.outputIndex, summary_index: si };
    this.#event(EVENTS.summaryDone, { ...ids, text });
    this.#event(EVENTS.summaryPartDone, { ...ids, part: { type: "summary_text", text } });
  }

  /** The `.done` events of a message's last content part, written once, when it is left. */
  #closeLastPart(item: MessageItem): void {
    const ci = item.content.length - 1;
    const part = item.content[ci];
    if (part === undefined || (part as { closed?: boolean }).closed) return;
    Object.defineProperty(part, "closed", { value: true, enumerable: false });
    const ids = { item_id: itemId(item), output_index: item.outputIndex, content_index: ci };
    if (part.type === "output_text") {
      this.#event(EVENTS.textDone, { ...ids, text: part.text, logprobs: part.logprobs });
    } else if (part.type === "refusal") {
      this.#event(EVENTS.refusalDone, { ...ids, refusal: part.refusal });
    }
    this.#event(EVENTS.partDone, { ...ids, part: { ...part } as JsonObject });
  }

  /**
   * Usage merged count by count, in place: a source may repeat its usage in every chunk
   * (Gemini), so this runs per delta there; spreading the counts into new objects cost more.
   */
  #usage(e: UsageEvent): void {
    if (e.billing !== undefined) this.#drop("billing");
    if (e.cacheWriteTokens !== undefined) this.#drop("cache-write tokens");
    const { extra } = e;
    const own = extra !== undefined && e.dialect === RESPONSES;
    if (extra !== undefined && !own) this.#drop(`usage fields of another dialect (${e.dialect})`);
    let usage = this.#state.usage;
    if (usage === undefined) {
      usage = {};
      this.#state.usage = usage;
    }
    if (e.promptTokens !== undefined) usage.promptTokens = e.promptTokens;
    if (e.completionTokens !== undefined) usage.completionTokens = e.completionTokens;
    if (e.totalTokens !== undefined) usage.totalTokens = e.totalTokens;
    if (e.cachedTokens !== undefined) usage.cachedTokens = e.cachedTokens;
    if (e.reasoningTokens !== undefined) usage.reasoningTokens = e.reasoningTokens;
    if (own) {
      usage.extra = assignOwn(assignOwn({}, usage.extra ?? {}), extra);
      usage.dialect = RESPONSES;
    }
  }

  #extra(e: ExtraEvent): void {
    if (e.dialect !== RESPONSES) {
      this.#drop(`fields of another dialect (${e.dialect})`);
      return;
    }
    const { fields } = e;
    switch (e.scope) {
      case "response":
        for (const key of Object.keys(fields)) setOwn(this.#state.fields, key, fields[key]!);
        return;
      case "tool-call":
        if (isJsonObject(fields.event_fields)) this.#keepEventFields(fields.event_fields);
        else if (isJsonObject(fields.item_fields)) {
          const call = this.#calls.get(e.index ?? 0);
          if (call === undefined || call.done) this.#drop("fields of a call not open");
          else call.base = assignOwn(assignOwn({}, call.base), fields.item_fields);
        } else if (isJsonObject(fields.item)) this.#callFields.set(e.index ?? 0, fields.item);
        else this.#drop("tool-call fields other than `item`");
        return;
      case "part":
        this.#partState(e.part, fields);
        return;
      case "choice":
        // The fields of a lifecycle or terminal event, written back on it.
        if (isJsonObject(fields.event_fields) && Object.keys(fields).length === 1) {
          this.#keepEventFields(fields.event_fields);
          return;
        }
        this.#drop(`fields of a ${e.scope}`);
        return;
      default:
        this.#drop(`fields of a ${e.scope}`);
    }
  }

  /** This dialect's part state: an item announced, a built-in item's end, a boundary, a note. */
  #partState(part: number | undefined, fields: JsonObject): void {
    const { item, item_done: done, annotation, summary_index: si, content_index: ci } = fields;
    if (isJsonObject(fields.event_fields)) {
      this.#keepEventFields(fields.event_fields);
      return;
    }
    // What a finished item adds to its own fields: on its `.done` and the terminal output.
    if (isJsonObject(fields.item_fields)) {
      const open = this.#content;
      if (open === undefined || open.sourcePart !== part) {
        this.#drop("fields of an item not open");
        return;
      }
      open.base = assignOwn(assignOwn({}, open.base), fields.item_fields);
      return;
    }
    // A finished message's parts without their text: this encoder wrote their text and
    // annotations already; a part's other own fields go on the item's `.done` and the terminal
    // output.
    if (Array.isArray(fields.content_parts)) {
      const open = this.#content;
      if (open?.kind === "message" && open.sourcePart === part) {
        addPartFields(open.content, fields.content_parts);
      }
      return;
    }
    if (isJsonObject(item)) {
      if (item.type === "message") this.#openMessage(part, { ...item });
      else if (item.type === "reasoning") this.#openReasoning(part, { ...item });
      else {
        this.#start();
        this.#closeContent();
        this.#add({
          kind: "opaque",
          outputIndex: this.#output.length,
          sourcePart: part,
          item,
          done: false,
        });
      }
      this.#lastKind = undefined;
      return;
    }
    if (isJsonObject(done)) {
      const opaque = this.#output.find(
        (i) => i.kind === "opaque" && i.sourcePart === part && !i.done,
      );
      if (opaque?.kind !== "opaque") {
        this.#drop("the end of an item not announced");
        return;
      }
      opaque.item = done;
      this.#closeItem(opaque);
      return;
    }
    const open = this.#content;
    if (annotation !== undefined && open?.kind === "message") {
      const ci = open.content.length - 1;
      const text = open.content[ci];
      if (text?.type !== "output_text") {
        this.#drop("an annotation outside a text part");
        return;
      }
      this.#event(EVENTS.annotation, {
        item_id: itemId(open),
        output_index: open.outputIndex,
        content_index: ci,
        annotation_index: text.annotations.length,
        annotation,
      });
      text.annotations.push(annotation);
      return;
    }
    if (typeof si === "number" && open?.kind === "reasoning") {
      if (open.summaryOpen) this.#closeSummary(open);
      return;
    }
    if (typeof ci === "number" && open?.kind === "reasoning") {
      if (open.summaryOpen) this.#closeSummary(open);
      open.contentIndex = ci;
      return;
    }
    if (typeof ci === "number" && open?.kind === "message") {
      // A new content part of the same type begins here: the next delta opens it.
      this.#closeLastPart(open);
      return;
    }
    this.#drop("part fields this encoder does not know");
  }

  /** Fields of this dialect's source for the next event of their `type`. */
  #keepEventFields(fields: JsonObject): void {
    if (typeof fields.type !== "string") {
      this.#drop("event fields without the type of their event");
      return;
    }
    this.#eventFields ??= new Map();
    this.#eventFields.set(fields.type, { fields, from: this.#current! });
  }

  /**
   * Reports the fields kept for an event of an item that ended without this encoder writing
   * that event (an empty content part has no delta, so no `content_part.added` is written), so
   * that they are not written on another item's event.
   */
  #dropUnwrittenFields(): void {
    const pending = this.#eventFields;
    if (pending === undefined) return;
    for (const [type, { from }] of pending) {
      if (!ITEM_EVENTS.has(type)) continue;
      pending.delete(type);
      this.#report(from, `Responses did not write the ${type} event these fields were on`);
    }
    if (pending.size === 0) this.#eventFields = undefined;
  }

  #error(e: ErrorEvent): void {
    this.#start();
    const own = e.dialect === RESPONSES && isJsonObject(e.data) ? e.data : undefined;
    if (e.dialect !== undefined && e.dialect !== RESPONSES && e.data !== undefined) {
      this.#drop(`the error object of another dialect (${e.dialect}): its message is written`);
    }
    if (own !== undefined && own.type !== EVENTS.error) {
      // The error of a `response.failed` that came without an `error` event: it stays there.
      this.#state.error ??= own;
      return;
    }
    const code = e.code === "provider-error" ? null : e.code;
    this.#state.error ??= { code: code ?? "server_error", message: e.message };
    if (own !== undefined) {
      this.#event(EVENTS.error, own);
      return;
    }
    const fields: JsonObject = {
      code,
      message: e.message,
      param: null,
      // The object real streams nest (and the `openai` SDK throws with).
      error: { type: "error", code, message: e.message, param: null },
    };
    if (e.data !== undefined && e.code !== "provider-error") fields.data = e.data;
    this.#event(EVENTS.error, fields);
  }

  #end(): void {
    this.#start();
    const failed = this.#state.error !== undefined;
    this.#closeAll(failed ? "incomplete" : "completed");
    const finish = this.#state.finish;
    const status = failed
      ? "failed"
      : finish === "length" || finish === "content_filter"
        ? "incomplete"
        : "completed";
    const output = this.#output.map((item) =>
      itemJson(item, true, failed ? "incomplete" : "completed"),
    );
    const name =
      status === "failed"
        ? EVENTS.failed
        : status === "incomplete"
          ? EVENTS.incomplete
          : EVENTS.completed;
    this.#event(name, { response: buildResponse(this.#state, output, status) });
  }

  #drop(what: string): void {
    this.#report(this.#current!, `Responses cannot express ${what}`);
  }
}

/** Whether the item holds a text of at least `LONG_STRING` characters, which its events repeat. */
function hasLongText(item: OutputItem): boolean {
  switch (item.kind) {
    case "message":
    case "reasoning":
      return (
        item.content.some(
          (part) => (part.type === "refusal" ? part.refusal : part.text).length >= LONG_STRING,
        ) ||
        (item.kind === "reasoning" && item.summary.some((text) => text.length >= LONG_STRING))
      );
    case "function_call":
      return item.arguments.length >= LONG_STRING;
    case "opaque":
      return false;
  }
}

/** The layout's own part fields (not its type, annotations or length) onto the parts built. */
function addPartFields(parts: ContentPart[], layout: JsonValue[]): void {
  layout.forEach((entry, ci) => {
    const part = parts[ci] as JsonObject | undefined;
    if (!isJsonObject(entry) || part === undefined || part.type !== entry.type) return;
    for (const key of Object.keys(entry)) {
      if (key === "type" || key === "annotations" || key === "text_length") continue;
      if (!Object.hasOwn(part, key)) setOwn(part, key, entry[key]!);
    }
  });
}
