import {
  type Detection,
  type DetectionInput,
  isJsonObject,
  type JsonValue,
  parseJson,
} from "@sse-dialects/core";

/**
 * Whether a stream is Gemini's, from its first messages: a `GenerateContentResponse` (an object
 * with `candidates`, `usageMetadata` or `promptFeedback` and no `choices` or `type`) or a
 * Google error (`{"error": {"code": <number>, "status": <string>}}`) says `yes`; an OpenAI
 * chunk, a typed event or an SSE `event:` name says `no`.
 *
 * @example
 * ```ts
 * detectGemini({ contentType: undefined, messages: [{ data: '{"candidates":[]}' }] }); // "yes"
 * ```
 */
export function detectGemini(input: DetectionInput): Detection {
  for (const message of input.messages) {
    if (message.event !== undefined && message.event !== "message") return "no";
    const value = parse(message.data);
    if (!isJsonObject(value)) return "no";
    if ("choices" in value || "type" in value || "object" in value) return "no";
    if (
      Array.isArray(value.candidates) ||
      isJsonObject(value.usageMetadata) ||
      isJsonObject(value.promptFeedback)
    )
      return "yes";
    const error = value.error;
    if (isJsonObject(error)) {
      return typeof error.code === "number" && typeof error.status === "string" ? "yes" : "no";
    }
  }
  return "undecided";
}

function parse(data: string): JsonValue | undefined {
  try {
    return parseJson(data) as JsonValue;
  } catch {
    return undefined;
  }
}
