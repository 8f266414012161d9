import {
  type Detection,
  type DetectionInput,
  isJsonObject,
  type JsonValue,
  parseJson,
} from "@sse-dialects/core";
import { EVENT } from "./anthropic-wire.js";

/** The event types only Anthropic's Messages stream sends. */
const OWN_TYPES: ReadonlySet<string> = new Set([
  EVENT.messageStart,
  EVENT.blockStart,
  EVENT.blockDelta,
  EVENT.blockStop,
  EVENT.messageDelta,
  EVENT.messageStop,
]);

/**
 * Whether a stream is Anthropic's, from its first messages. `yes` needs an event only Anthropic
 * sends (`message_start` first, by the documentation; any `content_block_*` or `message_*`), by
 * its `event:` name or its data's `type`, or an `error` whose data nests Anthropic's error object
 * (`{"type":"error","error":{"type","message"}}`). `ping` leaves it undecided; anything else
 * (an OpenAI chunk, an Elumenta event, another event name) says `no`.
 *
 * @example
 * ```ts
 * detectAnthropic({ contentType: "text/event-stream", messages: [{ event: "message_start", data: '{"type":"message_start","message":{}}' }] }); // "yes"
 * ```
 */
export function detectAnthropic(input: DetectionInput): Detection {
  for (const message of input.messages) {
    const value = parse(message.data);
    const type = isJsonObject(value) && typeof value.type === "string" ? value.type : undefined;
    const name = message.event ?? type;
    if (!isJsonObject(value) || name === undefined) return "no";
    if (type !== undefined && message.event !== undefined && type !== message.event) return "no";
    if (name === EVENT.ping) continue;
    if (OWN_TYPES.has(name)) return "yes";
    if (name === EVENT.error && isJsonObject(value.error) && typeof value.error.type === "string")
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
