import type {
  EndReason,
  ErrorEvent,
  FinishReason,
  JsonObject,
  JsonValue,
  StreamEvent,
  UsageEvent,
} from "../events/stream-event.js";
import { assignOwn, setOwn } from "../json/own-fields.js";

/** Provider data the model does not name, by the dialect it came from (`{ gemini: {…} }`). */
export type ProviderData = Record<string, JsonObject>;

export interface AccumulatedToolCall {
  index: number;
  /** Absent when the wire had none (Gemini, Ollama); see `toolCallIdOf`. */
  id: string | undefined;
  name: string;
  /** The argument fragments joined, as sent (not parsed: it may be incomplete or not JSON). */
  arguments: string;
  /** Whether a `tool-call-end` was seen. */
  complete: boolean;
  /** Provider data on the call (a Responses item id), by dialect. */
  extra: ProviderData | undefined;
}

/**
 * One content part of a choice, in order: text, reasoning (with its own signature, or redacted
 * data), refusal, or a tool call (its `index` in `toolCalls`). `part` is the wire's part number
 * when the wire had one.
 */
export type AccumulatedPart =
  | { type: "text"; part: number | undefined; text: string; extra: ProviderData | undefined }
  | {
      type: "reasoning";
      part: number | undefined;
      text: string;
      /** The signature of this part's reasoning (Anthropic `signature_delta`). */
      signature: string | undefined;
      /** Reasoning returned only encrypted or redacted, whole. */
      redacted: string | undefined;
      extra: ProviderData | undefined;
    }
  | { type: "refusal"; part: number | undefined; text: string; extra: ProviderData | undefined }
  | { type: "tool-call"; index: number };

export interface AccumulatedChoice {
  index: number;
  role: string | undefined;
  /** The text of every text part, joined. */
  text: string;
  /** The reasoning of every reasoning part, joined. */
  reasoning: string;
  /** The refusal of every refusal part, joined. */
  refusal: string;
  /** The content parts, in the order they began. */
  parts: AccumulatedPart[];
  /** By tool-call index, in order of first appearance. */
  toolCalls: AccumulatedToolCall[];
  logprobs: JsonValue[];
  finish: { reason: FinishReason; raw: string } | undefined;
  /** Choice- and delta-scoped provider fields, by dialect, merged in order. */
  extra: ProviderData | undefined;
}

export type AccumulatedUsage = Omit<UsageEvent, "type">;

/** The final message a stream adds up to. */
export interface AccumulatedMessage {
  id: string | undefined;
  model: string | undefined;
  created: number | undefined;
  systemFingerprint: string | undefined;
  serviceTier: string | undefined;
  /** The choices that were mentioned, by ascending index (indexes may have gaps). */
  choices: AccumulatedChoice[];
  usage: AccumulatedUsage | undefined;
  receiptId: string | undefined;
  errors: ErrorEvent[];
  /** How the stream ended; undefined until the `end` event. */
  end: EndReason | undefined;
  /** Response-scoped provider fields, by dialect, merged in order. */
  extra: ProviderData;
  /** Unknown events and trailers, in order, with their dialect. */
  unknown: { dialect: string; event?: string; data: JsonValue }[];
}

type ContentType = "text" | "reasoning" | "refusal";
type ContentPart = Exclude<AccumulatedPart, { type: "tool-call" }>;

/**
 * Adds events up to the final message: text, reasoning, refusal and tool calls, each as content
 * parts in order and joined per choice; finish, usage, receipt, errors, provider data by
 * dialect. Usage events merge field by field, since some dialects report prompt tokens at the
 * start and completion tokens at the end. Choices are stored by the indexes the events name,
 * without filling gaps, so a wire's large index costs one entry, not one per index below it.
 *
 * @example
 * ```ts
 * const acc = new MessageAccumulator();
 * for await (const event of decode(body, openai)) acc.push(event);
 * console.log(acc.message.choices[0]?.text, acc.message.usage?.totalTokens);
 * ```
 */
export class MessageAccumulator {
  readonly message: AccumulatedMessage = {
    id: undefined,
    model: undefined,
    created: undefined,
    systemFingerprint: undefined,
    serviceTier: undefined,
    choices: [],
    usage: undefined,
    receiptId: undefined,
    errors: [],
    end: undefined,
    extra: {},
    unknown: [],
  };

  readonly #byIndex = new Map<number, AccumulatedChoice>();
  /** The choice asked for last: nearly every event names the same one as the event before. */
  #last: AccumulatedChoice | undefined;
  /** Text deltas joined so far, and the count at which the texts are flattened next. */
  #joined = 0;
  #flattenAt = FLATTEN_EVERY;

  /**
   * Makes a choice's text and its part's flat strings. `+=` builds a rope, one node per delta,
   * and every node survives each young-generation GC while the answer grows: GC was a quarter of
   * `collect` (`node --cpu-prof`, 100k OpenAI chunks). Flattened every 1024 deltas, or every
   * quarter of those joined so far once that is more (so the copying stays linear, at most five
   * times the text), a GC copies only the deltas since the last flattening.
   */
  #flatten(choice: AccumulatedChoice, part: { text: string }): void {
    this.#flattenAt += Math.max(FLATTEN_EVERY, this.#joined >> 2);
    choice.text = flat(choice.text);
    // A choice with one part: its text is that part's, one string for both.
    part.text = choice.parts.length === 1 ? choice.text : flat(part.text);
  }

  /** Provider data of parts not begun yet, by `choice:part`. */
  readonly #early = new Map<string, ProviderData>();

  /** The choice, created on first mention. */
  choice(index: number): AccumulatedChoice {
    const last = this.#last;
    if (last !== undefined && last.index === index) return last;
    let choice = this.#byIndex.get(index);
    if (choice === undefined) {
      choice = {
        index,
        role: undefined,
        text: "",
        reasoning: "",
        refusal: "",
        parts: [],
        toolCalls: [],
        logprobs: [],
        finish: undefined,
        extra: undefined,
      };
      this.#byIndex.set(index, choice);
      const choices = this.message.choices;
      // Choices nearly always appear in order: then this is a push.
      let at = choices.length;
      while (at > 0 && choices[at - 1]!.index > index) at--;
      choices.splice(at, 0, choice);
    }
    this.#last = choice;
    return choice;
  }

  /**
   * A switch rather than a ts-pattern `match`: this runs once per event behind `collect`, and the
   * matcher cost more than the rest of accumulating. The `never` check keeps it exhaustive: a
   * new event type is a build error here.
   */
  push(event: StreamEvent): void {
    const m = this.message;
    switch (event.type) {
      case "text-delta": {
        // Nearly every event: the choice is looked up once, and its last part is checked inline.
        const choice = this.choice(event.choice);
        const parts = choice.parts;
        const last = parts[parts.length - 1];
        const part =
          last !== undefined && last.type === "text" && last.part === event.part
            ? last
            : this.#content(event.choice, "text", event.part);
        choice.text += event.text;
        // A choice's only part holds the choice's text: one join per delta, not two.
        if (parts.length === 1) part.text = choice.text;
        else part.text += event.text;
        if (++this.#joined === this.#flattenAt) this.#flatten(choice, part);
        return;
      }
      case "reasoning-delta":
        this.#content(event.choice, "reasoning", event.part).text += event.text;
        this.choice(event.choice).reasoning += event.text;
        return;
      case "refusal-delta":
        this.#content(event.choice, "refusal", event.part).text += event.text;
        this.choice(event.choice).refusal += event.text;
        return;
      case "reasoning-signature": {
        const part = this.#content(event.choice, "reasoning", event.part);
        if (part.type === "reasoning") part.signature = (part.signature ?? "") + event.signature;
        return;
      }
      case "reasoning-redacted": {
        // Redacted reasoning is a part of its own (Anthropic's `redacted_thinking` block).
        const part = this.#newContent(event.choice, "reasoning", event.part);
        if (part.type === "reasoning") part.redacted = event.data;
        return;
      }
      case "metadata":
        if (event.id !== undefined) m.id = event.id;
        if (event.model !== undefined) m.model = event.model;
        if (event.created !== undefined) m.created = event.created;
        if (event.systemFingerprint !== undefined) m.systemFingerprint = event.systemFingerprint;
        if (event.serviceTier !== undefined) m.serviceTier = event.serviceTier;
        return;
      case "role":
        this.choice(event.choice).role = event.role;
        return;
      case "tool-call-start": {
        const call = this.#toolCall(event.choice, event.index);
        if (event.id !== undefined) call.id = event.id;
        call.name = event.name;
        return;
      }
      case "tool-call-delta":
        this.#toolCall(event.choice, event.index).arguments += event.delta;
        return;
      case "tool-call-end":
        this.#toolCall(event.choice, event.index).complete = true;
        return;
      case "logprobs":
        this.choice(event.choice).logprobs.push(event.logprobs);
        return;
      case "finish":
        this.choice(event.choice).finish = { reason: event.reason, raw: event.raw };
        return;
      case "usage": {
        const { type: _, ...usage } = event;
        m.usage = mergeUsage(m.usage, usage);
        return;
      }
      case "receipt":
        m.receiptId = event.id;
        return;
      case "extra":
        this.#extra(event);
        return;
      case "unknown":
        m.unknown.push(
          event.event === undefined
            ? { dialect: event.dialect, data: event.data }
            : { dialect: event.dialect, event: event.event, data: event.data },
        );
        return;
      case "comment":
        return;
      case "error":
        m.errors.push(event);
        return;
      case "end":
        m.end = event.reason;
        return;
      default: {
        const unhandled: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /**
   * The part a content event belongs to: the part with its number when it names one, else the
   * choice's last part when it is of the same type; otherwise a new part.
   */
  #content(choiceIndex: number, type: ContentType, part: number | undefined): ContentPart {
    const parts = this.choice(choiceIndex).parts;
    const last = parts[parts.length - 1];
    if (last !== undefined && last.type === type && last.part === part) return last;
    if (part !== undefined) {
      for (let i = parts.length - 2; i >= 0; i--) {
        const p = parts[i]!;
        if (p.type === type && p.part === part) return p;
      }
    }
    return this.#newContent(choiceIndex, type, part);
  }

  #newContent(choiceIndex: number, type: ContentType, part: number | undefined): ContentPart {
    const key = `${choiceIndex}:${part ?? ""}`;
    const extra = this.#early.get(key);
    if (extra !== undefined) this.#early.delete(key);
    const created: ContentPart =
      type === "reasoning"
        ? { type, part, text: "", signature: undefined, redacted: undefined, extra }
        : { type, part, text: "", extra };
    this.choice(choiceIndex).parts.push(created);
    return created;
  }

  #extra(event: Extract<StreamEvent, { type: "extra" }>): void {
    const { dialect, fields } = event;
    switch (event.scope) {
      case "response":
        mergeInto(this.message.extra, dialect, fields);
        return;
      case "choice":
      case "delta": {
        const choice = this.choice(event.choice ?? 0);
        choice.extra = mergeInto(choice.extra ?? {}, dialect, fields);
        return;
      }
      case "part": {
        const parts = this.choice(event.choice ?? 0).parts;
        let target: AccumulatedPart | undefined;
        for (let i = parts.length - 1; i >= 0 && target === undefined; i--) {
          const p = parts[i]!;
          if (p.type !== "tool-call" && (event.part === undefined || p.part === event.part))
            target = p;
        }
        if (target !== undefined) {
          if (target.type !== "tool-call")
            target.extra = mergeInto(target.extra ?? {}, dialect, fields);
          return;
        }
        // Data of a part not seen yet (a Responses item announced before its content): held
        // for the part of that number, which gets it when it begins.
        const key = `${event.choice ?? 0}:${event.part ?? ""}`;
        this.#early.set(key, mergeInto(this.#early.get(key) ?? {}, dialect, fields));
        return;
      }
      case "tool-call": {
        const call = this.#toolCall(event.choice ?? 0, event.index ?? 0);
        call.extra = mergeInto(call.extra ?? {}, dialect, fields);
        return;
      }
    }
  }

  #toolCall(choiceIndex: number, index: number): AccumulatedToolCall {
    const choice = this.choice(choiceIndex);
    const calls = choice.toolCalls;
    for (let i = calls.length - 1; i >= 0; i--) if (calls[i]!.index === index) return calls[i]!;
    const call: AccumulatedToolCall = {
      index,
      id: undefined,
      name: "",
      arguments: "",
      complete: false,
      extra: undefined,
    };
    calls.push(call);
    choice.parts.push({ type: "tool-call", index });
    return call;
  }
}

/** Merges `fields` into `data[dialect]`, key by key; returns `data`. */
function mergeInto(data: ProviderData, dialect: string, fields: JsonObject): ProviderData {
  const own = Object.hasOwn(data, dialect) ? data[dialect]! : undefined;
  if (own === undefined) setOwn(data, dialect, assignOwn({}, fields));
  else assignOwn(own, fields);
  return data;
}

function mergeUsage(a: AccumulatedUsage | undefined, b: AccumulatedUsage): AccumulatedUsage {
  if (a === undefined) return b;
  const merged: AccumulatedUsage = { ...a, ...b };
  if (a.billing !== undefined && b.billing !== undefined)
    merged.billing = assignOwn(assignOwn({}, a.billing), b.billing);
  if (a.extra !== undefined && b.extra !== undefined)
    merged.extra = assignOwn(assignOwn({}, a.extra), b.extra);
  return merged;
}

/**
 * The final message of a whole event sequence.
 *
 * @example
 * ```ts
 * const { choices } = accumulate(decodeAll(body, openai));
 * ```
 */
export function accumulate(events: Iterable<StreamEvent>): AccumulatedMessage {
  const acc = new MessageAccumulator();
  for (const event of events) acc.push(event);
  return acc.message;
}

/** How many text deltas at least are joined between two flattenings (see `#flatten`). */
const FLATTEN_EVERY = 1024;

/** `text` as one flat string: `Number` reads it whole, which makes V8 flatten a rope in place. */
function flat(text: string): string {
  Number(text);
  return text;
}
