import {
  type DialectEncoder,
  ExactJson,
  type ExtraEvent,
  type FinishEvent,
  formatSseEvent,
  isJsonObject,
  type JsonObject,
  type MetadataEvent,
  nestsTooDeep,
  parseJson,
  type ReportDrop,
  type StreamEvent,
  type UsageEvent,
  type Write,
} from "@sse-dialects/core";
import { encodeGeminiError } from "./encode-gemini-error.js";
import { encodeGeminiUsage } from "./encode-gemini-usage.js";
import {
  GEMINI,
  GEMINI_ENUM,
  GEMINI_FINISH_REASON,
  MODEL_ROLE,
  mapGeminiFinishReason,
} from "./gemini-wire.js";

/** The Gemini encoder takes no options: what it cannot express goes to the drop report. */
export type GeminiEncodeOptions = Record<never, never>;

/** The blank line after each event: `@google/genai` splits events on `\n\n`, `\r\r` or `\r\n\r\n`. */
const EVENT_END = "\r\n\r\n";

const LINE_BREAK = /\r\n|\r|\n/;

/** A part that says nothing: what a chunk carries when it only carries other fields. */
const EMPTY_PART: JsonObject = { text: "" };

interface ChoiceState {
  role: string;
  roleWritten: boolean;
  /** The `part` and kind of the last text or thought written, for the part's own fields. */
  lastPart: number | undefined;
  lastKind: "text" | "thought" | undefined;
  calls: number;
}

/** A tool call being gathered: Gemini sends a `functionCall` whole, with its `args` parsed. */
interface PendingCall {
  event: StreamEvent;
  choice: number;
  id: string | undefined;
  name: string;
  args: string;
  fields: JsonObject | undefined;
}

/**
 * Normalized events → Gemini `streamGenerateContent?alt=sse`: one `data: <GenerateContentResponse>`
 * event per written chunk, `\r\n\r\n` after each, no `event:` or `id:` lines and no terminator
 * (`@google/genai` reads `[DONE]` as a broken chunk).
 *
 * Every chunk it writes for a choice carries `content` with `role: "model"` and at least one
 * part (an empty text part when it carries only a `finishReason`, metadata or usage), since
 * `@google/genai`'s `chats.sendMessageStream` keeps a turn in its history only when every chunk
 * does. `responseId`, `modelVersion` and the cumulative `usageMetadata` are repeated on every
 * chunk once known, as Gemini does. Each event is written at once, except a tool call: Gemini
 * sends a `functionCall` whole with its `args` as an object, so a call is written at its
 * `tool-call-end`. Reasoning signatures and redacted reasoning of other wires, refusals (written
 * as text), logprobs, receipts, billing and other dialects' data go to the drop report.
 */
export class GeminiEncoder implements DialectEncoder {
  readonly #write: Write;
  readonly #report: ReportDrop;
  readonly #choices = new Map<number, ChoiceState>();
  readonly #calls = new Map<string, PendingCall>();
  /** Writes arguments that `JSON.stringify` would change with their own digits. */
  readonly #exact = new ExactJson();
  #id: string | undefined;
  #model: string | undefined;
  #usage: JsonObject | undefined;
  /** The fields repeated on every chunk, as JSON text after the candidates (`,"usageMetadata":…`). */
  #stamp = "";
  /** The choice last written, where chunk-level fields go. */
  #lastChoice: number | undefined;
  /** A `promptFeedback.blockReason` written by a response `extra`: its finish is a blocked prompt. */
  #feedback: JsonObject | undefined;
  #current: StreamEvent | undefined;

  constructor(write: Write, _options: GeminiEncodeOptions = {}, drop: ReportDrop = () => {}) {
    this.#write = write;
    this.#report = drop;
  }

  encode(event: StreamEvent): void {
    this.#current = event;
    // A switch with a `never` check: exhaustive like ts-pattern's `.exhaustive()`, whose matcher
    // cost a third of this encoder's time per event in `pnpm bench`.
    switch (event.type) {
      case "text-delta":
        this.#text(event.choice, event.part, event.text, "text");
        return;
      case "reasoning-delta":
        this.#text(event.choice, event.part, event.text, "thought");
        return;
      case "metadata":
        this.#metadata(event);
        return;
      case "role": {
        const state = this.#choice(event.choice);
        if (state.roleWritten) return;
        state.role = event.role === "assistant" ? MODEL_ROLE : event.role;
        this.#chunk(event.choice, [EMPTY_PART]);
        return;
      }
      case "refusal-delta":
        this.#drop("a refusal apart from text (written as text)");
        this.#text(event.choice, event.part, event.text, "text");
        return;
      case "reasoning-signature":
        this.#drop("another wire's reasoning signature");
        return;
      case "reasoning-redacted":
        this.#drop("redacted reasoning");
        return;
      case "tool-call-start":
        this.#calls.set(callKey(event.choice, event.index), {
          event,
          choice: event.choice,
          id: event.id,
          name: event.name,
          args: "",
          fields: undefined,
        });
        return;
      case "tool-call-delta": {
        const call = this.#calls.get(callKey(event.choice, event.index));
        if (call === undefined) this.#drop("arguments of a call that did not start");
        else call.args += event.delta;
        return;
      }
      case "tool-call-end": {
        const key = callKey(event.choice, event.index);
        const call = this.#calls.get(key);
        if (call === undefined) {
          this.#drop("the end of a call that did not start");
          return;
        }
        this.#calls.delete(key);
        this.#writeCall(event.choice, call);
        return;
      }
      case "logprobs":
        this.#drop("logprobs");
        return;
      case "finish":
        this.#finish(event);
        return;
      case "usage":
        this.#usageEvent(event);
        return;
      case "receipt":
        this.#drop("receipts");
        return;
      case "extra":
        this.#extra(event);
        return;
      case "unknown":
        if (event.dialect !== GEMINI || event.event === undefined) {
          this.#drop(`an event of another dialect (${event.dialect})`);
          return;
        }
        this.#write(
          formatSseEvent({ event: event.event, data: JSON.stringify(event.data) }).replace(
            /\n\n$/,
            EVENT_END,
          ),
        );
        return;
      case "comment":
        // Its own blank line: `@google/genai` would otherwise read it with the next event as one,
        // and skip that event (it keeps only events that start with `data:`).
        this.#write(`: ${event.text.split(LINE_BREAK).join("\r\n: ")}${EVENT_END}`);
        return;
      case "error":
        if (event.dialect !== undefined && event.dialect !== GEMINI && event.data !== undefined)
          this.#drop(
            `the error object of another dialect (${event.dialect}): its message is written`,
          );
        // Gemini's error ends the stream: calls still open are written with what they have.
        this.#writeOpenCalls();
        this.#write(`data: ${JSON.stringify(encodeGeminiError(event))}${EVENT_END}`);
        return;
      case "end":
        this.#writeOpenCalls();
        return;
      default: {
        const unhandled: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unhandled)}`);
      }
    }
  }

  #metadata(e: MetadataEvent): void {
    if (e.created !== undefined || e.systemFingerprint !== undefined || e.serviceTier !== undefined)
      this.#drop("metadata created/systemFingerprint/serviceTier");
    if (e.id === undefined && e.model === undefined) return;
    if (e.id !== undefined) this.#id = e.id;
    if (e.model !== undefined) this.#model = e.model;
    this.#restamp();
    this.#chunk(this.#lastChoice ?? 0, [EMPTY_PART]);
  }

  flush(): void {}

  #choice(index: number): ChoiceState {
    let state = this.#choices.get(index);
    if (state === undefined) {
      state = {
        role: MODEL_ROLE,
        roleWritten: false,
        lastPart: undefined,
        lastKind: undefined,
        calls: 0,
      };
      this.#choices.set(index, state);
    }
    return state;
  }

  #text(choice: number, part: number | undefined, text: string, kind: "text" | "thought"): void {
    if (text === "") return;
    const state = this.#choice(choice);
    state.lastPart = part;
    state.lastKind = kind;
    if (kind === "text" && state.roleWritten && state.role === MODEL_ROLE) {
      // The hot path: a text chunk, written without building objects.
      this.#lastChoice = choice;
      this.#write(
        `data: {"candidates":[{"content":{"parts":[{"text":${JSON.stringify(text)}}],"role":"model"},"index":${choice}}]${this.#stamp}}${EVENT_END}`,
      );
      return;
    }
    this.#chunk(choice, [kind === "thought" ? { text, thought: true } : { text }]);
  }

  /**
   * Calls whose `tool-call-end` never came (the source was cut off): each is written whole with
   * the arguments it has if they are an object, else without them (reported).
   */
  #writeOpenCalls(): void {
    const open = [...this.#calls.values()];
    this.#calls.clear();
    for (const call of open) this.#writeCall(call.choice, call);
  }

  #writeCall(choice: number, call: PendingCall): void {
    const functionCall: JsonObject = {};
    if (call.id !== undefined) functionCall.id = call.id;
    functionCall.name = call.name;
    if (call.args !== "") {
      let args: unknown;
      try {
        // Arguments nested past the JSON depth limit are not parsed: writing them back would
        // overflow the stack (see `nestsTooDeep`).
        args = nestsTooDeep(call.args) ? undefined : parseJson(call.args);
      } catch {
        args = undefined;
      }
      if (isJsonObject(args as JsonObject))
        functionCall.args = this.#exact.value(call.args, args as JsonObject);
      else
        this.#report(
          call.event,
          "Gemini cannot express tool-call arguments that are not a JSON object",
        );
    }
    const { functionCall: inner, ...partFields } = call.fields ?? {};
    if (isJsonObject(inner)) Object.assign(functionCall, inner);
    const state = this.#choice(choice);
    state.calls++;
    state.lastKind = undefined;
    state.lastPart = undefined;
    this.#chunk(choice, [{ functionCall, ...partFields }]);
  }

  #finish(e: FinishEvent): void {
    const state = this.#choice(e.choice);
    const feedback = this.#feedback;
    if (
      feedback !== undefined &&
      e.choice === 0 &&
      e.reason === "content_filter" &&
      feedback.blockReason === e.raw
    ) {
      // A blocked prompt: Gemini says it with `promptFeedback` and no candidate at all.
      this.#feedback = undefined;
      this.#write(`data: ${JSON.stringify({ promptFeedback: feedback })}${EVENT_END}`);
      return;
    }
    const hadCalls = state.calls > 0;
    let raw = e.raw;
    if (!GEMINI_ENUM.test(raw) || mapGeminiFinishReason(raw, hadCalls) !== e.reason) {
      raw = GEMINI_FINISH_REASON[e.reason];
      if (e.reason === "error") this.#drop("the finish reason error (written as OTHER)");
    }
    this.#chunk(e.choice, [EMPTY_PART], undefined, raw);
  }

  #usageEvent(e: UsageEvent): void {
    if (e.billing !== undefined) this.#drop("usage billing");
    if (e.extra !== undefined && e.dialect !== GEMINI)
      this.#drop(`usage fields of another dialect (${e.dialect ?? "unknown"})`);
    this.#usage = encodeGeminiUsage(this.#usage, e);
    this.#restamp();
    this.#chunkLevel({});
  }

  #extra(e: ExtraEvent): void {
    if (e.dialect !== GEMINI) {
      this.#drop(`fields of another dialect (${e.dialect})`);
      return;
    }
    const choice = e.choice ?? 0;
    switch (e.scope) {
      case "response": {
        const feedback = e.fields.promptFeedback;
        if (isJsonObject(feedback) && typeof feedback.blockReason === "string")
          this.#feedback = feedback;
        this.#chunkLevel(e.fields);
        return;
      }
      case "choice":
        this.#chunk(choice, [EMPTY_PART], e.fields);
        return;
      case "part": {
        const state = this.#choice(choice);
        if (state.lastKind !== undefined && state.lastPart === e.part) {
          // More of the part just written (its `thoughtSignature`): an empty part of its kind.
          const part: JsonObject =
            state.lastKind === "thought" ? { text: "", thought: true } : { text: "" };
          this.#chunk(choice, [Object.assign(part, e.fields)]);
        } else {
          state.lastKind = undefined;
          state.lastPart = undefined;
          this.#chunk(choice, [{ ...e.fields }]);
        }
        return;
      }
      case "tool-call": {
        const call = this.#calls.get(callKey(choice, e.index ?? 0));
        if (call === undefined) {
          this.#drop("fields of a tool call already written");
          return;
        }
        call.fields = { ...call.fields, ...e.fields };
        return;
      }
      case "delta":
        this.#drop("delta-scoped fields");
        return;
    }
  }

  /** A chunk for fields of the whole response: on the last choice's candidate, or on none yet. */
  #chunkLevel(fields: JsonObject): void {
    if (this.#lastChoice !== undefined) {
      this.#chunk(this.#lastChoice, [EMPTY_PART], undefined, undefined, fields);
      return;
    }
    const chunk = JSON.stringify(fields);
    const body = chunk === "{}" ? this.#stamp.slice(1) : `${chunk.slice(1, -1)}${this.#stamp}`;
    this.#write(`data: {${body}}${EVENT_END}`);
  }

  #chunk(
    choice: number,
    parts: JsonObject[],
    candidateFields?: JsonObject,
    finishReason?: string,
    responseFields?: JsonObject,
  ): void {
    const state = this.#choice(choice);
    state.roleWritten = true;
    this.#lastChoice = choice;
    const candidate: JsonObject = { content: { parts, role: state.role } };
    if (finishReason !== undefined) candidate.finishReason = finishReason;
    candidate.index = choice;
    if (candidateFields !== undefined) Object.assign(candidate, candidateFields);
    let text = this.#exact.stringify({ candidates: [candidate] });
    if (responseFields !== undefined) {
      const more = JSON.stringify(responseFields);
      if (more !== "{}") text = `${text.slice(0, -1)},${more.slice(1)}`;
    }
    this.#write(`data: ${text.slice(0, -1)}${this.#stamp}}${EVENT_END}`);
  }

  #restamp(): void {
    let stamp = "";
    if (this.#usage !== undefined) stamp += `,"usageMetadata":${JSON.stringify(this.#usage)}`;
    if (this.#model !== undefined) stamp += `,"modelVersion":${JSON.stringify(this.#model)}`;
    if (this.#id !== undefined) stamp += `,"responseId":${JSON.stringify(this.#id)}`;
    this.#stamp = stamp;
  }

  #drop(what: string): void {
    this.#report(this.#current!, `Gemini cannot express ${what}`);
  }
}

function callKey(choice: number, index: number): string {
  return `${choice}:${index}`;
}
