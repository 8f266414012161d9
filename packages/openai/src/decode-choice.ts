import { type Emit, isJsonObject, type JsonObject, type JsonValue } from "@sse-dialects/core";
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
    extra[key] = value;
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
        // Not a string (Mistral's typed content parts): kept whole as an extra.
        if (typeof value === "string") {
          content = value;
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
    extra[key] = value;
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
  if (refusal) emit({ type: "refusal-delta", choice, text: refusal });
  if (toolCalls !== undefined) {
    state.tools ??= new ToolCallTracker(choice);
    const tools = state.tools;
    for (let i = 0; i < toolCalls.length; i++) tools.fragment(toolCalls[i]!, i, emit);
  }
}
