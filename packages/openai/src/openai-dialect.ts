import {
  type Detection,
  type DetectionInput,
  type Dialect,
  isJsonObject,
  type JsonValue,
  sseFraming,
} from "@sse-dialects/core";
import { createOpenAIDecoder, type OpenAIDecodeOptions } from "./decode-openai.js";
import { createOpenAIEncoder, type OpenAIEncodeOptions } from "./encode-openai.js";
import { mapOpenAIRequest } from "./map-openai-request.js";
import { openaiRequests } from "./openai-requests.js";

/**
 * Recognises OpenAI chat chunks: `yes` for a payload with `object: "chat.completion.chunk"` or a
 * `choices` array; `no` for a JSON object with a string `type` and no `choices` (typed-event
 * dialects: Elumenta, Anthropic, the Responses API); `yes` for OpenAI's `{"error": {"message"}}`
 * payload; otherwise undecided (`[DONE]`, a receipt payload, no message yet).
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
      value = JSON.parse(message.data) as JsonValue;
    } catch {
      continue;
    }
    if (!isJsonObject(value)) continue;
    if (value.object === "chat.completion.chunk" || Array.isArray(value.choices)) return "yes";
    if (typeof value.type === "string") return "no";
    // OpenAI's error payload before any chunk: `{"error": {"message": …}}`, no `type` beside it.
    if (isJsonObject(value.error) && typeof value.error.message === "string") return "yes";
  }
  return "undecided";
}

/**
 * The OpenAI `chat.completion.chunk` dialect: `data: {chunk}` … `data: [DONE]`, with every
 * variant seen in the wild (usage placement, `reasoning_content`/`reasoning`, receipt trailers,
 * OpenRouter comments and error chunks, Azure's content-filter chunks).
 *
 * @example
 * ```ts
 * import { decodeAll, encodeAll } from "@sse-dialects/core";
 * import { openai } from "@sse-dialects/openai";
 *
 * const events = decodeAll(body, openai);
 * const sse = encodeAll(events, openai, { dialect: { usage: "finish-chunk" } });
 * ```
 */
export const openai: Dialect<OpenAIDecodeOptions, OpenAIEncodeOptions> = {
  name: "openai",
  framing: sseFraming,
  contentType: "text/event-stream; charset=utf-8",
  terminator: "data: [DONE]",
  createDecoder: createOpenAIDecoder,
  createEncoder: createOpenAIEncoder,
  detect: detectOpenAI,
  mapRequest: mapOpenAIRequest,
  requests: openaiRequests,
};
