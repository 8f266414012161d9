import { type Dialect, sseFraming } from "@sse-dialects/core";
import { anthropicRequests } from "./anthropic-requests.js";
import { AnthropicDecoder } from "./decode-anthropic.js";
import { detectAnthropic } from "./detect-anthropic.js";
import { type AnthropicEncodeOptions, AnthropicEncoder } from "./encode-anthropic.js";
import { mapAnthropicRequest } from "./map-anthropic-request.js";

/** The Anthropic dialect takes no decoding options. */
export type AnthropicDecodeOptions = Record<never, never>;

/**
 * Anthropic's streaming Messages API (https://docs.anthropic.com/en/docs/build-with-claude/streaming):
 * `event: message_start`, `content_block_start` / `_delta` / `_stop`, `message_delta`,
 * `message_stop`, `ping`, `error`.
 *
 * @example
 * ```ts
 * import { convert } from "@sse-dialects/core";
 * import { anthropic } from "@sse-dialects/anthropic";
 * import { openai } from "@sse-dialects/openai";
 *
 * // An OpenAI stream, served to an Anthropic client.
 * const body = convert(openaiResponse.body!, openai, anthropic);
 * ```
 */
export const anthropic: Dialect<AnthropicDecodeOptions, AnthropicEncodeOptions> = {
  name: "anthropic",
  framing: sseFraming,
  contentType: "text/event-stream",
  terminator: "event: message_stop",
  createDecoder: (emit) => new AnthropicDecoder(emit),
  createEncoder: (write, options, drop) => new AnthropicEncoder(write, options, drop),
  detect: detectAnthropic,
  mapRequest: mapAnthropicRequest,
  requests: anthropicRequests,
  // A `content_block_delta` of an open block changes no decoder state but the block's
  // "has arguments" flag, which it only ever sets.
  steadyDeltas: {},
};
