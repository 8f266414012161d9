import {
  type Detection,
  type DetectionInput,
  isJsonObject,
  type JsonValue,
  parseJson,
} from "@sse-dialects/core";

/**
 * Whether a stream is Ollama's, from its first lines: an object with a boolean `done` and a
 * `message`, `response` or `model`, or an `{"error": "…"}` line, says `yes`; other JSON says
 * `no`. Ollama is the NDJSON dialect, so core's framing already tells most streams apart.
 *
 * @example
 * ```ts
 * detectOllama({ contentType: "application/x-ndjson", messages: [{ data: '{"model":"llama3.2","done":false,"message":{"role":"assistant","content":"Hi"}}' }] }); // "yes"
 * ```
 */
export function detectOllama(input: DetectionInput): Detection {
  for (const message of input.messages) {
    const value = parse(message.data);
    if (!isJsonObject(value)) return "no";
    if (typeof value.error === "string") return "yes";
    if (
      typeof value.done === "boolean" &&
      ("message" in value || "response" in value || "model" in value)
    )
      return "yes";
    return "no";
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
