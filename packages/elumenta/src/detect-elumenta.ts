import {
  type Detection,
  type DetectionInput,
  isJsonObject,
  type JsonValue,
  parseJson,
} from "@sse-dialects/core";
import { DONE, ELUMENTA_TYPES } from "./elumenta-wire.js";

/** The types only Elumenta sends; `error` is shared with other typed dialects (Anthropic). */
const OWN_TYPES: ReadonlySet<string> = new Set([
  ELUMENTA_TYPES.start,
  ELUMENTA_TYPES.delta,
  ELUMENTA_TYPES.end,
]);

/**
 * Whether a stream is Elumenta's, from its first messages. `yes` needs evidence only Elumenta
 * gives: an object typed `generation_start` / `content_delta` / `generation_end`, or an
 * `{"type":"error","message":"…"}` without an SSE event name (Anthropic names its events). A
 * chat-completion chunk, JSON without a string `type` or an SSE `event:` name says `no`;
 * `[DONE]` and unknown types leave it undecided. The content type is core's to judge (framing).
 */
export function detectElumenta(input: DetectionInput): Detection {
  for (const message of input.messages) {
    if (message.event !== undefined && message.event !== "message") return "no";
    if (message.data === DONE) continue;
    const value = parse(message.data);
    if (!isJsonObject(value)) return "no";
    if ("choices" in value || "object" in value) return "no";
    if (typeof value.type !== "string") return "no";
    if (OWN_TYPES.has(value.type)) return "yes";
    if (value.type === ELUMENTA_TYPES.error && typeof value.message === "string") return "yes";
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
