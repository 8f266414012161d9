import type { DroppedField } from "../dialect/dialect.js";
import type { JsonObject } from "../events/stream-event.js";
import type { ChatRequest } from "./chat-request.js";

/** The sampling settings of a {@link ChatRequest} that every builder writes in some form. */
export const SAMPLING_FIELDS = [
  "maxTokens",
  "temperature",
  "topP",
  "topK",
  "stop",
  "seed",
  "presencePenalty",
  "frequencyPenalty",
] as const;

export type SamplingField = (typeof SAMPLING_FIELDS)[number];

/**
 * What a dialect calls each sampling setting, or `null` where it has none. A `Record` over every
 * setting: a setting added to the model is a type error in every builder until it says where
 * the setting goes.
 */
export type SamplingNames = Readonly<Record<SamplingField, string | null>>;

/**
 * Writes a request's sampling settings onto `target` (the body, or the object a dialect keeps
 * them in: Gemini's `generationConfig`, Ollama's `options`) under the dialect's `names`; a
 * setting the dialect has no name for is listed in `dropped`, never lost silently. One table per
 * builder instead of a line per setting.
 *
 * @example
 * ```ts
 * writeSamplingFields(request, body, { maxTokens: "max_tokens", topK: null, ... }, "openai", dropped);
 * ```
 */
export function writeSamplingFields(
  request: ChatRequest,
  target: JsonObject,
  names: SamplingNames,
  dialect: string,
  dropped: DroppedField[],
): void {
  for (const field of SAMPLING_FIELDS) {
    const value = request[field];
    if (value === undefined) continue;
    const name = names[field];
    if (name === null) dropped.push({ field, reason: `${dialect} has no ${field}` });
    else target[name] = value;
  }
}
