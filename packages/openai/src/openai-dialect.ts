import { type Dialect, sseFraming } from "@sse-dialects/core";
import { createOpenAIDecoder, type OpenAIDecodeOptions } from "./decode-openai.js";
import { detectOpenAI } from "./detect-openai.js";
import { createOpenAIEncoder, type OpenAIEncodeOptions } from "./encode-openai.js";
import { mapOpenAIRequest } from "./map-openai-request.js";
import { openaiRequests } from "./openai-requests.js";

export { detectOpenAI };

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
  // A chunk that decodes to one delta changes no decoder state (the role it repeats, the
  // metadata and extras it repeats are compared, not counted); `obfuscation` is padding.
  steadyDeltas: { ignoredStrings: ["obfuscation"] },
};
