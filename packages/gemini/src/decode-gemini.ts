import {
  type DeltaEvent,
  type DialectDecoder,
  EACH,
  type Emit,
  errorEvent,
  extraFields,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  type MetadataEvent,
  nestsTooDeep,
  parseJson,
  parseJsonData,
  SourceTexts,
  setOwn,
  type WireMessage,
} from "@sse-dialects/core";
import { decodeGeminiError } from "./decode-gemini-error.js";
import { decodeGeminiUsage } from "./decode-gemini-usage.js";
import {
  CANDIDATE_FIELDS,
  GEMINI,
  MODEL_ROLE,
  mapGeminiFinishReason,
  RESPONSE_FIELDS,
} from "./gemini-wire.js";
import { PartialArgsWriter } from "./write-partial-args.js";

/**
 * The largest candidate `index` accepted (Gemini's `candidateCount` is at most 8); a chunk
 * naming a larger one is an `invalid-event`, so a hostile stream cannot make us track
 * arbitrarily many choices.
 */
export const MAX_CANDIDATE_INDEX = 255;

/** What a wire part is: text, a thought, a whole function call, or something else (code, media). */
type PartKind = "text" | "thought" | "call" | "other";

/** One candidate's state: its parts so far, its calls, whether it finished. */
interface Candidate {
  /** The current content part's number (-1 before the first). */
  part: number;
  kind: PartKind | undefined;
  /** The current part carried a `thoughtSignature`: it is closed, the next part is a new one. */
  sealed: boolean;
  calls: number;
  /** A function call whose arguments are streaming in (`willContinue`), until its last part. */
  streaming: StreamingCall | undefined;
  finished: boolean;
  /** Candidate-level fields last emitted as `extra`, by name, as JSON. */
  seen: Map<string, string>;
}

/** A function call streamed over several parts (Vertex AI's `streamFunctionCallArguments`). */
interface StreamingCall {
  index: number;
  args: PartialArgsWriter;
  /** Arguments a part of it sent whole (`args`) before any `partialArgs`. */
  whole: JsonValue | undefined;
  /** Their JSON text, with the wire's digits where `JSON.stringify` would change a number. */
  wholeText: string;
  /** Its parts' fields the model does not name (`thoughtSignature`), written at its end. */
  fields: JsonObject | undefined;
}

/**
 * Gemini `GenerateContentResponse` chunks → normalized events.
 *
 * Per chunk, in this order: `metadata` when `responseId` / `modelVersion` changed; `extra`
 * (scope `response`) for top-level fields the model does not name whose value changed
 * (`promptFeedback`, Vertex's `createTime`); then per candidate (`index` → choice): `role` the
 * first time the candidate appears (`model` is `assistant`), its parts, `extra` (scope `choice`)
 * for changed candidate fields (`safetyRatings`, `citationMetadata`, `groundingMetadata`, …),
 * `finish`; a `promptFeedback.blockReason` with no candidate → `finish` `content_filter` (raw:
 * the block reason) for choice 0. `usageMetadata` is cumulative and repeated on every chunk
 * (each value replaces the last, never added), and a `usage` event is the whole response's: the
 * last value is held and emitted once the response is complete (every candidate has its
 * `finishReason`, or the prompt was blocked), at the end of that chunk, and again at the end of
 * any later chunk that changes it; a stream that fails or is cut off first emits the last value
 * before its error. So a conversion writes usage where every other wire has it (once, at the
 * end) instead of once per chunk.
 *
 * Parts keep their boundaries as content parts (`part`, counted per candidate): a text or
 * thought part continues the previous part of its kind, unless that one carried a
 * `thoughtSignature` (which closes it); a function call or any other part is a part of its own.
 * `text` → `text-delta`, `thought: true` → `reasoning-delta`; the part's other fields
 * (`thoughtSignature`, …) → `extra` (scope `part`, dialect `gemini`) after its text, so a
 * Gemini encoder writes them back on that part; a part that is neither (`executableCode`,
 * `codeExecutionResult`, `inlineData`, `fileData`) → that `extra` alone. A `functionCall` is
 * whole: `tool-call-start` (its `id` only when the wire has one), one `tool-call-delta` with
 * `args` as JSON (with the chunk's own digits where `JSON.stringify` would change a number: see
 * `SourceTexts`), the part's other fields as `extra` (scope `tool-call`), `tool-call-end`.
 * A call whose arguments stream (Vertex AI's `streamFunctionCallArguments`: a first part with
 * `name` and `willContinue: true`, parts with `partialArgs` and no name, a last part without
 * `willContinue`, often `{}`) is one part too: `tool-call-start` at its first part, a
 * `tool-call-delta` of JSON text per part as the values arrive, `tool-call-end` at its last part
 * (or at the next part that is not the call's, or the candidate's `finishReason`).
 *
 * A `{"error": {code, message, status}}` object, as an event or as raw JSON after the last one,
 * is a final `provider-error`. The stream is complete when every candidate has a
 * `finishReason` (or the prompt was blocked); bytes that end before are cut off.
 */
export class GeminiDecoder implements DialectDecoder {
  readonly #emit: Emit;
  #id: string | undefined;
  #model: string | undefined;
  /** Top-level fields last emitted as `extra`, by name, as JSON. */
  readonly #seen = new Map<string, string>();
  /** The `usageMetadata` last emitted as `usage`. */
  #usage: JsonObject | undefined;
  /** The latest `usageMetadata`, not yet emitted: held until the response is complete. */
  #pendingUsage: JsonObject | undefined;
  /**
   * The data of the last chunk the engine read as a repeat (see `repeated`), when it came after
   * the chunk `#pendingUsage` is from: its `usageMetadata` is the latest, read when needed.
   */
  #repeatedUsage: string | undefined;
  readonly #candidates = new Map<number, Candidate>();
  /** Candidates seen without a `finishReason` yet. */
  #unfinished = 0;
  #blocked = false;
  #failed = false;
  /** The JSON text of each whole call's `args` (see `SourceTexts`). */
  readonly #args = new SourceTexts([
    "candidates",
    EACH,
    "content",
    "parts",
    EACH,
    "functionCall",
    "args",
  ]);

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  message(message: WireMessage): void {
    if (message.event !== undefined && message.event !== "message") {
      // Gemini names no events: one that has a name is not Gemini's, kept whole.
      this.#emit({
        type: "unknown",
        dialect: GEMINI,
        event: message.event,
        data: loose(message.data),
      });
      return;
    }
    const value = parseJsonData(message.data, this.#emit);
    if (value === undefined) return;
    if (!isJsonObject(value)) {
      this.#emit(errorEvent("invalid-event", "A Gemini chunk must be a JSON object", value));
      return;
    }
    if (isJsonObject(value.error)) {
      this.#failed = true;
      this.#flushUsage();
      this.#emit(decodeGeminiError(value));
      return;
    }
    this.#args.reset(message.data);
    this.#chunk(value);
  }

  end(): boolean {
    // A stream cut off before it completed: the usage it reached, before the cut-off.
    this.#flushUsage();
    return this.#failed || this.#complete();
  }

  /** Every candidate has its `finishReason`, or the prompt was blocked. */
  #complete(): boolean {
    return this.#blocked || (this.#candidates.size > 0 && this.#unfinished === 0);
  }

  /**
   * A text chunk the engine read as a repeat of a steady one (its `steadyDeltas`): the same but
   * for its text and its usage counts. The counts are cumulative and only held until the
   * response is complete, so the chunk is noted, and its `usageMetadata` read when it is needed.
   * Once the response is complete every repeat is refused (read the full way): a chunk whose
   * counts changed then owes a `usage` event at once.
   */
  repeated(event: DeltaEvent, message: WireMessage): boolean {
    if (this.#complete()) return false;
    // Parts are not announced: whether a text continues the current part depends on the parts
    // before it (a thought chunk between two text chunks makes the second a new part). A repeat
    // is taken only where the full way would continue the same part with the same event.
    const kind =
      event.type === "text-delta" ? "text" : event.type === "reasoning-delta" ? "thought" : "";
    const state = this.#candidates.get(event.choice);
    if (
      state === undefined ||
      state.kind !== kind ||
      state.part !== (event as { part?: number }).part ||
      state.sealed ||
      state.finished ||
      state.streaming !== undefined
    )
      return false;
    this.#repeatedUsage = message.data;
    return true;
  }

  /** The usage held, as an event if it differs from the one last emitted. */
  #flushUsage(): void {
    const repeated = this.#repeatedUsage;
    if (repeated !== undefined) {
      // The chunk matched a steady chunk's template: it is JSON of the same shape.
      this.#repeatedUsage = undefined;
      const usage = (parseJson(repeated) as JsonObject).usageMetadata;
      if (isJsonObject(usage)) this.#pendingUsage = usage;
    }
    const usage = this.#pendingUsage;
    if (usage === undefined) return;
    this.#pendingUsage = undefined;
    if (jsonEqual(usage, this.#usage)) return;
    this.#usage = usage;
    this.#emit(decodeGeminiUsage(usage));
  }

  #chunk(chunk: JsonObject): void {
    const { candidates, usageMetadata, responseId, modelVersion } = chunk;
    // Repeated on every chunk: an event only when one changed (no object per chunk otherwise).
    const newId = typeof responseId === "string" && responseId !== this.#id;
    const newModel = typeof modelVersion === "string" && modelVersion !== this.#model;
    if (newId || newModel) {
      const metadata: MetadataEvent = { type: "metadata" };
      if (newId) metadata.id = this.#id = responseId as string;
      if (newModel) metadata.model = this.#model = modelVersion as string;
      this.#emit(metadata);
    }

    if (Array.isArray(candidates)) {
      for (let i = 0; i < candidates.length; i++) this.#candidate(candidates[i]!, i);
    } else if (candidates !== undefined) {
      this.#emit(
        errorEvent("invalid-event", "A Gemini chunk's `candidates` must be an array", candidates),
      );
    }

    // The prompt was blocked (`promptFeedback.blockReason` and no candidate): no candidate will
    // come. A content-filtered answer of choice 0, not an empty success.
    const feedback = chunk.promptFeedback;
    const blocked =
      !this.#blocked &&
      isJsonObject(feedback) &&
      typeof feedback.blockReason === "string" &&
      (!Array.isArray(candidates) || candidates.length === 0);
    if (blocked) this.#state(0);

    // The fields the model does not name are walked only when the chunk has any.
    const named =
      (candidates === undefined ? 0 : 1) +
      (usageMetadata === undefined ? 0 : 1) +
      (responseId === undefined ? 0 : 1) +
      (modelVersion === undefined ? 0 : 1);
    const extra =
      fieldCount(chunk) > named ? changedFields(chunk, RESPONSE_FIELDS, this.#seen) : undefined;
    if (extra !== undefined)
      this.#emit({ type: "extra", dialect: GEMINI, scope: "response", fields: extra });

    if (blocked) {
      this.#blocked = true;
      this.#emit({
        type: "finish",
        choice: 0,
        reason: "content_filter",
        raw: (feedback as JsonObject).blockReason as string,
      });
    }

    // Repeated on every chunk: only held (no event, no comparison) until the response is complete.
    if (isJsonObject(usageMetadata)) {
      this.#pendingUsage = usageMetadata;
      this.#repeatedUsage = undefined;
    }
    if ((this.#pendingUsage !== undefined || this.#repeatedUsage !== undefined) && this.#complete())
      this.#flushUsage();
  }

  /** The candidate at `position` in `candidates`. */
  #candidate(value: JsonValue, position: number): void {
    if (!isJsonObject(value)) {
      this.#emit(errorEvent("invalid-event", "A Gemini candidate must be a JSON object", value));
      return;
    }
    const index = value.index ?? 0;
    if (
      typeof index !== "number" ||
      !Number.isInteger(index) ||
      index < 0 ||
      index > MAX_CANDIDATE_INDEX
    ) {
      this.#emit(
        errorEvent(
          "invalid-event",
          `A Gemini candidate index must be an integer from 0 to ${MAX_CANDIDATE_INDEX}`,
          value,
        ),
      );
      return;
    }
    const content = value.content;
    const state = this.#state(index, isJsonObject(content) ? content.role : undefined);
    if (isJsonObject(content) && Array.isArray(content.parts)) {
      const parts = content.parts;
      for (let i = 0; i < parts.length; i++) this.#part(index, state, parts[i]!, position, i);
    }
    const named =
      (value.index === undefined ? 0 : 1) +
      (content === undefined ? 0 : 1) +
      (value.finishReason === undefined ? 0 : 1);
    const extra =
      fieldCount(value) > named ? changedFields(value, CANDIDATE_FIELDS, state.seen) : undefined;
    if (extra !== undefined)
      this.#emit({ type: "extra", dialect: GEMINI, scope: "choice", choice: index, fields: extra });
    const raw = value.finishReason;
    if (typeof raw === "string") {
      if (state.streaming !== undefined) this.#endStreamedCall(index, state);
      if (!state.finished) this.#unfinished--;
      state.finished = true;
      this.#emit({
        type: "finish",
        choice: index,
        reason: mapGeminiFinishReason(raw, state.calls > 0),
        raw,
      });
    }
  }

  /** A candidate's state; the first time, its `role` (Gemini's `model` is `assistant`). */
  #state(index: number, role?: JsonValue): Candidate {
    let state = this.#candidates.get(index);
    if (state === undefined) {
      state = {
        part: -1,
        kind: undefined,
        sealed: false,
        calls: 0,
        streaming: undefined,
        finished: false,
        seen: new Map(),
      };
      this.#candidates.set(index, state);
      this.#unfinished++;
      const name = typeof role === "string" && role !== MODEL_ROLE ? role : "assistant";
      this.#emit({ type: "role", choice: index, role: name });
    }
    return state;
  }

  /** The part at `position` in the `parts` of the candidate at `candidate` in `candidates`. */
  #part(
    choice: number,
    state: Candidate,
    part: JsonValue,
    candidate: number,
    position: number,
  ): void {
    if (!isJsonObject(part)) {
      this.#emit(errorEvent("invalid-event", "A Gemini part must be a JSON object", part));
      return;
    }
    const { text, functionCall } = part;
    if (state.streaming !== undefined) {
      // The streamed call's next part: a `functionCall` without a name.
      if (isJsonObject(functionCall) && functionCall.name === undefined) {
        this.#continueCall(
          choice,
          state,
          state.streaming,
          functionCall,
          partFields(part),
          candidate,
          position,
        );
        return;
      }
      this.#endStreamedCall(choice, state);
    }
    const call =
      isJsonObject(functionCall) && typeof functionCall.name === "string"
        ? functionCall
        : undefined;
    const kind: PartKind =
      call !== undefined
        ? "call"
        : typeof text === "string"
          ? part.thought === true
            ? "thought"
            : "text"
          : "other";
    let fields = kind === "other" ? (isEmpty(part) ? undefined : part) : partFields(part);
    // `thought: false` (or any non-true value) says nothing the model names: kept as part state.
    if (kind === "text" && part.thought !== undefined) {
      fields ??= {};
      fields.thought = part.thought;
    }
    // An empty text part with nothing else (Gemini's usual carrier of a finishReason) is no part.
    if ((kind === "text" || kind === "thought") && text === "" && fields === undefined) return;
    if (kind !== state.kind || state.sealed || kind === "call" || kind === "other") {
      state.part++;
      state.kind = kind;
    }
    state.sealed = "thoughtSignature" in part;
    if (call !== undefined) {
      this.#call(choice, state, call, fields, candidate, position);
      return;
    }
    if (typeof text === "string" && text !== "") {
      this.#emit({
        type: kind === "thought" ? "reasoning-delta" : "text-delta",
        choice,
        part: state.part,
        text,
      });
    }
    if (fields !== undefined)
      this.#emit({
        type: "extra",
        dialect: GEMINI,
        scope: "part",
        choice,
        part: state.part,
        fields,
      });
  }

  #call(
    choice: number,
    state: Candidate,
    call: JsonObject,
    partFields: JsonObject | undefined,
    candidate: number,
    position: number,
  ): void {
    const index = state.calls++;
    const { id, name, args } = call;
    this.#emit(
      typeof id === "string"
        ? { type: "tool-call-start", choice, index, id, name: name as string }
        : { type: "tool-call-start", choice, index, name: name as string },
    );
    if (call.willContinue === true || call.partialArgs !== undefined) {
      const streaming: StreamingCall = {
        index,
        args: new PartialArgsWriter(),
        whole: undefined,
        wholeText: "",
        fields: undefined,
      };
      state.streaming = streaming;
      this.#continueCall(choice, state, streaming, call, partFields, candidate, position);
      return;
    }
    if (args !== undefined)
      this.#emit({
        type: "tool-call-delta",
        choice,
        index,
        delta: this.#args.json(args, candidate, position),
      });
    // The call's own fields the model does not name (an `id` that is not a string,
    // `willContinue`) stay inside `functionCall`; the part's (`thoughtSignature`) beside it.
    // Usually a call has only those three: its fields are not walked then.
    const inner =
      fieldCount(call) >
      (id === undefined ? 0 : 1) + (name === undefined ? 0 : 1) + (args === undefined ? 0 : 1)
        ? extraFields(call, CALL_FIELDS)
        : undefined;
    let fields = partFields;
    if (inner !== undefined || (id !== undefined && typeof id !== "string")) {
      const functionCall: JsonObject = { ...inner };
      if (id !== undefined && typeof id !== "string") functionCall.id = id;
      fields = { ...fields, functionCall };
    }
    if (fields !== undefined)
      this.#emit({ type: "extra", dialect: GEMINI, scope: "tool-call", choice, index, fields });
    this.#emit({ type: "tool-call-end", choice, index });
  }

  /**
   * A part of a streamed call: its `partialArgs` as one `tool-call-delta`; the call ends with
   * the part that has no `willContinue: true`. Other fields are kept for the call's end, so the
   * events match those of the same call sent whole.
   */
  #continueCall(
    choice: number,
    state: Candidate,
    call: StreamingCall,
    functionCall: JsonObject,
    partFields: JsonObject | undefined,
    candidate: number,
    position: number,
  ): void {
    const { partialArgs } = functionCall;
    let args = functionCall.args;
    if (args !== undefined && !call.args.started && call.whole === undefined) {
      // Arguments sent whole on a part of a streamed call: they are the call's (their text
      // taken now, from this chunk, with its digits).
      call.whole = args;
      call.wholeText = this.#args.json(args, candidate, position);
      args = undefined;
    }
    let delta = "";
    if (Array.isArray(partialArgs)) {
      for (const arg of partialArgs) {
        const result = call.args.write(arg);
        if ("text" in result) delta += result.text;
        else this.#emit(errorEvent("invalid-event", result.error, arg));
      }
    } else if (partialArgs !== undefined) {
      this.#emit(
        errorEvent(
          "invalid-event",
          "A Gemini functionCall's `partialArgs` must be an array",
          partialArgs,
        ),
      );
    }
    if (delta !== "") this.#emit({ type: "tool-call-delta", choice, index: call.index, delta });
    let inner = extraFields(functionCall, STREAMED_CALL_FIELDS);
    // Whole `args` beside streamed ones cannot be arguments too: kept, not lost.
    if (args !== undefined) inner = { ...inner, args };
    if (
      inner !== undefined ||
      (functionCall.id !== undefined && typeof functionCall.id !== "string")
    ) {
      const kept = isJsonObject(call.fields?.functionCall) ? call.fields.functionCall : {};
      const merged: JsonObject = { ...kept, ...inner };
      if (functionCall.id !== undefined && typeof functionCall.id !== "string")
        merged.id = functionCall.id;
      call.fields = { ...call.fields, functionCall: merged };
    }
    if (partFields !== undefined) call.fields = { ...call.fields, ...partFields };
    if (functionCall.willContinue !== true) this.#endStreamedCall(choice, state);
  }

  /** The streamed call is over: its arguments closed, its kept fields, `tool-call-end`. */
  #endStreamedCall(choice: number, state: Candidate): void {
    const call = state.streaming!;
    state.streaming = undefined;
    const index = call.index;
    const whole = call.whole !== undefined && !call.args.started;
    const delta = whole ? call.wholeText : call.args.finish();
    if (call.whole !== undefined && !whole) {
      // Whole `args` and then `partialArgs`: the streamed ones are the arguments; these are kept.
      const kept = isJsonObject(call.fields?.functionCall) ? call.fields.functionCall : {};
      call.fields = { ...call.fields, functionCall: { ...kept, args: call.whole } };
    }
    this.#emit({ type: "tool-call-delta", choice, index, delta });
    if (call.fields !== undefined)
      this.#emit({
        type: "extra",
        dialect: GEMINI,
        scope: "tool-call",
        choice,
        index,
        fields: call.fields,
      });
    this.#emit({ type: "tool-call-end", choice, index });
  }
}

const CALL_FIELDS: ReadonlySet<string> = new Set(["id", "name", "args"]);
/** A streamed call's fields decoded into events: its arguments come as `partialArgs`. */
const STREAMED_CALL_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "name",
  "args",
  "partialArgs",
  "willContinue",
]);

/**
 * The fields of `object` outside `known` whose value differs from the one last emitted (kept
 * in `seen`), or `undefined`. Gemini repeats chunk-level fields (`createTime`, `safetyRatings`)
 * on every chunk; each change is emitted once.
 */
function changedFields(
  object: JsonObject,
  known: ReadonlySet<string>,
  seen: Map<string, string>,
): JsonObject | undefined {
  let changed: JsonObject | undefined;
  for (const key in object) {
    if (known.has(key)) continue;
    const value = object[key]!;
    const json = JSON.stringify(value);
    if (seen.get(key) === json) continue;
    seen.set(key, json);
    changed ??= {};
    setOwn(changed, key, value);
  }
  return changed;
}

/** A part's fields other than `text`, `thought` and `functionCall` (compared by name: the hot path). */
function partFields(part: JsonObject): JsonObject | undefined {
  let fields: JsonObject | undefined;
  for (const key in part) {
    if (key === "text" || key === "thought" || key === "functionCall") continue;
    fields ??= {};
    setOwn(fields, key, part[key]!);
  }
  return fields;
}

/** How many fields `object` has. */
function fieldCount(object: JsonObject): number {
  let count = 0;
  for (const _ in object) count++;
  return count;
}

function isEmpty(object: JsonObject): boolean {
  for (const _ in object) return false;
  return true;
}

function loose(data: string): JsonValue {
  if (nestsTooDeep(data)) return data;
  try {
    return parseJson(data) as JsonValue;
  } catch {
    return data;
  }
}
