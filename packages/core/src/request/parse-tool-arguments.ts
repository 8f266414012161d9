import { isJsonObject } from "../dialect/parse-json-data.js";
import type { JsonObject, JsonValue } from "../events/stream-event.js";
import { RequestError } from "./request-error.js";

/**
 * A tool call's JSON arguments text as the object dialects that send objects need (Anthropic
 * `input`, Gemini `args`, Ollama `arguments`). An empty text is `{}` (OpenAI sends `""` for a
 * call without arguments); anything else that is not a JSON object is refused as a 400 naming
 * `field`, since guessing would change the conversation the model sees.
 *
 * @example
 * ```ts
 * parseToolArguments('{"city":"Paris"}', "messages[1].tool_calls[0].function.arguments"); // { city: "Paris" }
 * ```
 */
export function parseToolArguments(text: string, field: string): JsonObject {
  if (text.trim() === "") return {};
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    throw new RequestError(field, "the tool call's arguments are not valid JSON");
  }
  if (!isJsonObject(value))
    throw new RequestError(field, "the tool call's arguments are not a JSON object");
  return value;
}
