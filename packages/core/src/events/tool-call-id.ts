import type { ToolCallStartEvent } from "./stream-event.js";

/**
 * The id to write for a tool call on a wire that needs one: the call's own id, or, for a call
 * whose wire had none (Gemini, Ollama), `call_<choice>_<index>` — unique in the stream (a choice
 * and index name one call) and the same for the same input, so a conversion is repeatable and a
 * tool result can be paired with its call.
 *
 * @example
 * ```ts
 * toolCallIdOf({ type: "tool-call-start", choice: 0, index: 1, name: "get_weather" }); // "call_0_1"
 * ```
 */
export function toolCallIdOf(event: Pick<ToolCallStartEvent, "choice" | "index" | "id">): string {
  return event.id ?? `call_${event.choice}_${event.index}`;
}
