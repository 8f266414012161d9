import type { Dialect } from "@sse-dialects/core";
import { GeminiDecoder } from "./decode-gemini.js";
import { detectGemini } from "./detect-gemini.js";
import { type GeminiEncodeOptions, GeminiEncoder } from "./encode-gemini.js";
import { geminiFraming } from "./gemini-framing.js";
import { geminiRequests } from "./gemini-requests.js";
import { mapGeminiRequest } from "./map-gemini-request.js";

/** The Gemini dialect takes no decoding options. */
export type GeminiDecodeOptions = Record<never, never>;

/**
 * Google Gemini's `streamGenerateContent` (AI Studio and Vertex AI): `?alt=sse` events or the
 * streamed JSON array, both decoded the same; encoded as `alt=sse` events.
 *
 * @example
 * ```ts
 * import { accumulate, decodeAll } from "@sse-dialects/core";
 * import { gemini } from "@sse-dialects/gemini";
 *
 * const message = accumulate(
 *   decodeAll(
 *     'data: {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP","index":0}]}\r\n\r\n',
 *     gemini,
 *   ),
 * );
 * message.choices[0]?.text; // "Hi"
 * ```
 */
export const gemini: Dialect<GeminiDecodeOptions, GeminiEncodeOptions> = {
  name: "gemini",
  framing: geminiFraming,
  contentType: "text/event-stream",
  terminator: "a finishReason on every candidate",
  createDecoder: (emit) => new GeminiDecoder(emit),
  createEncoder: (write, options, drop) => new GeminiEncoder(write, options, drop),
  detect: detectGemini,
  mapRequest: mapGeminiRequest,
  requests: geminiRequests,
  // Text chunks differ only in their text and in the cumulative usage counts (held by the
  // decoder until the response is complete, read from the last repeat: see `repeated`).
  steadyDeltas: {
    ignoredNumbers: [
      "promptTokenCount",
      "candidatesTokenCount",
      "totalTokenCount",
      "thoughtsTokenCount",
      "cachedContentTokenCount",
      "toolUsePromptTokenCount",
      "tokenCount",
    ],
  },
};
