import {
  type Emit,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  setOwn,
} from "@sse-dialects/core";
import { mapFinishReason } from "./map-finish-reason.js";
import { ToolCallTracker } from "./track-tool-calls.js";

/** What the decoder remembers of one choice: the last role reported and the open tool calls. */
export interface ChoiceState {
  role: string | undefined;
  tools: ToolCallTracker | undefined;
}

/**
 * Decodes one element of a chunk's `choices`: `role`, `extra` (choice), `extra` (delta),
 * `reasoning-delta`, `text-delta`, `refusal-delta`, tool-call start/delta, `logprobs`, and on
 * `finish_reason` the ends of the choice's open tool calls and `finish`, in that order.
 */
export function decodeChoice(
  choice: JsonObject,
  position: number,
  states: ChoiceState[],
  emit: Emit,
): void {
  let index = position;
  let delta: JsonObject | undefined;
  let finishReason: string | undefined;
  let logprobs: JsonValue | undefined;
  let extra: JsonObject | undefined;
  for (const key in choice) {
    const value = choice[key]!;
    if (value === null) continue;
    switch (key) {
      case "index":
        // Not a valid index: the choice's position says which it is.
        if (typeof value === "number" && Number.isInteger(value) && value >= 0) index = value;
        continue;
      case "delta":
        if (isJsonObject(value)) {
          delta = value;
          continue;
        }
        break;
      case "finish_reason":
        if (typeof value === "string") {
          finishReason = value;
          continue;
        }
        break;
      case "logprobs":
        logprobs = value;
        continue;
    }
    extra ??= {};
    setOwn(extra, key, value);
  }

  let state = states[index];
  if (state === undefined) {
    state = { role: undefined, tools: undefined };
    states[index] = state;
  }
  if (delta !== undefined) {
    decodeDelta(delta, index, state, extra, emit);
  } else if (extra !== undefined) {
    emit({ type: "extra", dialect: "openai", scope: "choice", choice: index, fields: extra });
  }
  if (logprobs !== undefined) emit({ type: "logprobs", choice: index, logprobs });
  if (finishReason !== undefined) {
    state.tools?.finish(emit);
    emit({
      type: "finish",
      choice: index,
      reason: mapFinishReason(finishReason),
      raw: finishReason,
    });
  }
}

function decodeDelta(
  delta: JsonObject,
  choice: number,
  state: ChoiceState,
  choiceExtra: JsonObject | undefined,
  emit: Emit,
): void {
  let role: string | undefined;
  let content: string | undefined;
  let contentParts: JsonValue[] | undefined;
  let reasoningContent: string | undefined;
  let reasoning: string | undefined;
  let refusal: string | undefined;
  let toolCalls: JsonObject[] | undefined;
  let extra: JsonObject | undefined;
  for (const key in delta) {
    const value = delta[key]!;
    if (value === null) continue;
    switch (key) {
      case "role":
        if (typeof value === "string") {
          role = value;
          continue;
        }
        break;
      case "content":
        if (typeof value === "string") {
          content = value;
          continue;
        }
        // Mistral's typed content parts: text and thinking are read, anything else is kept.
        if (Array.isArray(value)) {
          contentParts = value;
          continue;
        }
        break;
      case "reasoning_content":
        if (typeof value === "string") {
          reasoningContent = value;
          continue;
        }
        break;
      case "reasoning":
        if (typeof value === "string") {
          reasoning = value;
          continue;
        }
        break;
      case "refusal":
        if (typeof value === "string") {
          refusal = value;
          continue;
        }
        break;
      case "tool_calls":
        if (Array.isArray(value) && value.every(isJsonObject)) {
          toolCalls = value as JsonObject[];
          continue;
        }
        break;
    }
    extra ??= {};
    setOwn(extra, key, value);
  }

  // A role repeated on every chunk (some servers do) is one fact.
  if (role !== undefined && role !== state.role) {
    state.role = role;
    emit({ type: "role", choice, role });
  }
  if (choiceExtra !== undefined)
    emit({ type: "extra", dialect: "openai", scope: "choice", choice, fields: choiceExtra });
  if (extra !== undefined)
    emit({ type: "extra", dialect: "openai", scope: "delta", choice, fields: extra });
  // Empty strings are skipped: OpenAI opens with `content: ""`, DeepSeek with `reasoning_content: ""`.
  if (reasoningContent) emit({ type: "reasoning-delta", choice, text: reasoningContent });
  // Servers that send both names send the same text twice.
  if (reasoning && reasoning !== reasoningContent)
    emit({ type: "reasoning-delta", choice, text: reasoning });
  if (content) emit({ type: "text-delta", choice, text: content });
  if (contentParts !== undefined) decodeContentParts(contentParts, choice, emit);
  if (refusal) emit({ type: "refusal-delta", choice, text: refusal });
  if (toolCalls !== undefined) {
    state.tools ??= new ToolCallTracker(choice);
    const tools = state.tools;
    for (let i = 0; i < toolCalls.length; i++) tools.fragment(toolCalls[i]!, i, emit);
  }
}

/**
 * `delta.content` as an array of typed parts, as Mistral streams it
 * (https://docs.mistral.ai/capabilities/reasoning/): `{"type":"text","text"}` is text,
 * `{"type":"thinking","thinking":[{"type":"text","text"}]}` is reasoning, in the parts' order;
 * any other part is kept, in the delta's `content`, as an extra.
 */
function decodeContentParts(parts: JsonValue[], choice: number, emit: Emit): void {
  let unknown: JsonValue[] | undefined;
  for (const part of parts) {
    if (isJsonObject(part) && part.type === "text" && typeof part.text === "string") {
      if (part.text !== "") emit({ type: "text-delta", choice, text: part.text });
    } else if (
      isJsonObject(part) &&
      part.type === "thinking" &&
      thinkingText(part.thinking) !== undefined
    ) {
      const text = thinkingText(part.thinking)!;
      if (text !== "") emit({ type: "reasoning-delta", choice, text });
    } else {
      unknown ??= [];
      unknown.push(part);
    }
  }
  if (unknown !== undefined) {
    emit({
      type: "extra",
      dialect: "openai",
      scope: "delta",
      choice,
      fields: { content: unknown },
    });
  }
}

/** The text of a thinking part: a string, or text chunks `[{"type":"text","text"}]`. */
function thinkingText(thinking: JsonValue | undefined): string | undefined {
  if (typeof thinking === "string") return thinking;
  if (!Array.isArray(thinking)) return undefined;
  let text = "";
  for (const chunk of thinking) {
    if (!isJsonObject(chunk) || chunk.type !== "text" || typeof chunk.text !== "string")
      return undefined;
    text += chunk.text;
  }
  return text;
}
