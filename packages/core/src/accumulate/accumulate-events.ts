import { match } from "ts-pattern";
import type {
  EndReason,
  ErrorEvent,
  FinishReason,
  JsonObject,
  JsonValue,
  StreamEvent,
  UsageEvent,
} from "../events/stream-event.js";

export interface AccumulatedToolCall {
  index: number;
  id: string;
  name: string;
  /** The argument fragments joined, as sent (not parsed: it may be incomplete or not JSON). */
  arguments: string;
  /** Whether a `tool-call-end` was seen. */
  complete: boolean;
}

export interface AccumulatedChoice {
  index: number;
  role: string | undefined;
  text: string;
  reasoning: string;
  reasoningSignature: string | undefined;
  redactedReasoning: string[];
  refusal: string;
  /** By tool-call index, in order of first appearance. */
  toolCalls: AccumulatedToolCall[];
  logprobs: JsonValue[];
  finish: { reason: FinishReason; raw: string } | undefined;
}

export type AccumulatedUsage = Omit<UsageEvent, "type">;

/** The final message a stream adds up to. */
export interface AccumulatedMessage {
  id: string | undefined;
  model: string | undefined;
  created: number | undefined;
  systemFingerprint: string | undefined;
  serviceTier: string | undefined;
  /** By choice index. */
  choices: AccumulatedChoice[];
  usage: AccumulatedUsage | undefined;
  receiptId: string | undefined;
  errors: ErrorEvent[];
  /** How the stream ended; undefined until the `end` event. */
  end: EndReason | undefined;
  /** Response-scoped extra fields, merged in order. */
  extra: JsonObject;
  /** Unknown events and trailers, in order. */
  unknown: JsonValue[];
}

function emptyChoice(index: number): AccumulatedChoice {
  return {
    index,
    role: undefined,
    text: "",
    reasoning: "",
    reasoningSignature: undefined,
    redactedReasoning: [],
    refusal: "",
    toolCalls: [],
    logprobs: [],
    finish: undefined,
  };
}

/**
 * Adds events up to the final message: text, reasoning, refusal, tool calls assembled by index,
 * finish, usage, receipt, errors. Usage events merge field by field, since some dialects report
 * prompt tokens at the start and completion tokens at the end.
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

  /** The choice, created on first mention. */
  choice(index: number): AccumulatedChoice {
    let choice = this.message.choices[index];
    if (choice === undefined) {
      choice = emptyChoice(index);
      // Fill any gap, so `choices[i].index === i` always holds.
      for (let i = this.message.choices.length; i < index; i++)
        this.message.choices[i] = emptyChoice(i);
      this.message.choices[index] = choice;
    }
    return choice;
  }

  push(event: StreamEvent): void {
    const m = this.message;
    match(event)
      .with({ type: "metadata" }, (e) => {
        if (e.id !== undefined) m.id = e.id;
        if (e.model !== undefined) m.model = e.model;
        if (e.created !== undefined) m.created = e.created;
        if (e.systemFingerprint !== undefined) m.systemFingerprint = e.systemFingerprint;
        if (e.serviceTier !== undefined) m.serviceTier = e.serviceTier;
      })
      .with({ type: "role" }, (e) => {
        this.choice(e.choice).role = e.role;
      })
      .with({ type: "text-delta" }, (e) => {
        this.choice(e.choice).text += e.text;
      })
      .with({ type: "reasoning-delta" }, (e) => {
        this.choice(e.choice).reasoning += e.text;
      })
      .with({ type: "reasoning-signature" }, (e) => {
        const c = this.choice(e.choice);
        c.reasoningSignature = (c.reasoningSignature ?? "") + e.signature;
      })
      .with({ type: "reasoning-redacted" }, (e) => {
        this.choice(e.choice).redactedReasoning.push(e.data);
      })
      .with({ type: "refusal-delta" }, (e) => {
        this.choice(e.choice).refusal += e.text;
      })
      .with({ type: "tool-call-start" }, (e) => {
        const call = this.#toolCall(e.choice, e.index);
        call.id = e.id;
        call.name = e.name;
      })
      .with({ type: "tool-call-delta" }, (e) => {
        this.#toolCall(e.choice, e.index).arguments += e.delta;
      })
      .with({ type: "tool-call-end" }, (e) => {
        this.#toolCall(e.choice, e.index).complete = true;
      })
      .with({ type: "logprobs" }, (e) => {
        this.choice(e.choice).logprobs.push(e.logprobs);
      })
      .with({ type: "finish" }, (e) => {
        this.choice(e.choice).finish = { reason: e.reason, raw: e.raw };
      })
      .with({ type: "usage" }, ({ type: _, ...usage }) => {
        m.usage = mergeUsage(m.usage, usage);
      })
      .with({ type: "receipt" }, (e) => {
        m.receiptId = e.id;
      })
      .with({ type: "extra" }, (e) => {
        if (e.scope === "response") Object.assign(m.extra, e.fields);
      })
      .with({ type: "unknown" }, (e) => {
        m.unknown.push(e.event === undefined ? e.data : { event: e.event, data: e.data });
      })
      .with({ type: "comment" }, () => {})
      .with({ type: "error" }, (e) => {
        m.errors.push(e);
      })
      .with({ type: "end" }, (e) => {
        m.end = e.reason;
      })
      .exhaustive();
  }

  #toolCall(choiceIndex: number, index: number): AccumulatedToolCall {
    const calls = this.choice(choiceIndex).toolCalls;
    let call = calls.find((c) => c.index === index);
    if (call === undefined) {
      call = { index, id: "", name: "", arguments: "", complete: false };
      calls.push(call);
    }
    return call;
  }
}

function mergeUsage(a: AccumulatedUsage | undefined, b: AccumulatedUsage): AccumulatedUsage {
  if (a === undefined) return b;
  const merged: AccumulatedUsage = { ...a, ...b };
  if (a.billing !== undefined && b.billing !== undefined)
    merged.billing = { ...a.billing, ...b.billing };
  if (a.extra !== undefined && b.extra !== undefined) merged.extra = { ...a.extra, ...b.extra };
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
