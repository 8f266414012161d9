import {
  type Detection,
  type DetectionInput,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
} from "@sse-dialects/core";

/**
 * Recognises OpenAI chat chunks: `yes` for a payload with `object: "chat.completion.chunk"` or a
 * `choices` array; `no` for a JSON object with a string `type` and no `choices` (typed-event
 * dialects: Elumenta, Anthropic, the Responses API); `yes` for OpenAI's `{"error": {"message"}}`
 * payload, unless it is Google's error object (a number `code` and a string `status`, as
 * https://cloud.google.com/apis/design/errors defines it), which is Gemini's: a Gemini stream
 * whose only event is its error is Gemini's alone; otherwise undecided (`[DONE]`, a receipt
 * payload, no message yet).
 *
 * @example
 * ```ts
 * detectOpenAI({ contentType: "text/event-stream", messages: [{ data: '{"choices":[]}' }] }); // "yes"
 * ```
 */
export function detectOpenAI(input: DetectionInput): Detection {
  for (const message of input.messages) {
    let value: JsonValue;
    try {
      value = parseJson(message.data) as JsonValue;
    } catch {
      continue;
    }
    if (!isJsonObject(value)) continue;
    if (value.object === "chat.completion.chunk" || Array.isArray(value.choices)) return "yes";
    if (typeof value.type === "string") return "no";
    // OpenAI's error payload before any chunk: `{"error": {"message": …}}`, no `type` beside it.
    const error = value.error;
    if (isJsonObject(error) && typeof error.message === "string")
      return isGoogleError(error) ? "no" : "yes";
  }
  return "undecided";
}

/**
 * Google's error object: `code` the HTTP status as a number, `status` the canonical code name
 * (`RESOURCE_EXHAUSTED`). OpenAI's `code` is a string or null and it sends no `status`;
 * OpenRouter's error has a number `code` but no `status`.
 */
function isGoogleError(error: JsonObject): boolean {
  return typeof error.code === "number" && typeof error.status === "string";
}
