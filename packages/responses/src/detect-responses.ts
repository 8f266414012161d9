import {
  type Detection,
  type DetectionInput,
  isJsonObject,
  type JsonValue,
} from "@sse-dialects/core";

/**
 * Whether a stream is a Responses stream, from its first messages: `yes` on an event whose
 * `type` starts with `response.` and that carries a `sequence_number` (every Responses event
 * does, per the API reference); `no` on a chat-completion chunk, `[DONE]`, or typed JSON of
 * another family without a sequence number; undecided on an `error` without one (shared with
 * other typed dialects) and on unknown types with one.
 *
 * @example
 * ```ts
 * detectResponses({ contentType: "text/event-stream", messages: [{ event: "response.created", data: '{"type":"response.created","sequence_number":0,"response":{}}' }] }); // "yes"
 * ```
 */
export function detectResponses(input: DetectionInput): Detection {
  for (const message of input.messages) {
    const value = parse(message.data);
    if (!isJsonObject(value)) return "no";
    const { type } = value;
    if (typeof type !== "string") return "no";
    if (type.startsWith("response.")) {
      return typeof value.sequence_number === "number" ? "yes" : "no";
    }
    if (type === "error" && typeof value.sequence_number === "number") return "yes";
    // Another type with a sequence number may be a Responses event this version does not know.
    if (type !== "error" && typeof value.sequence_number !== "number") return "no";
  }
  return "undecided";
}

function parse(data: string): JsonValue | undefined {
  try {
    return JSON.parse(data) as JsonValue;
  } catch {
    return undefined;
  }
}
