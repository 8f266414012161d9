import type { DialectRequests } from "@sse-dialects/core";
import { buildAnthropicRequest } from "./build-anthropic-request.js";
import { parseAnthropicRequest } from "./parse-anthropic-request.js";
import { toMessage } from "./to-message.js";

/**
 * The Anthropic Messages request side: `POST /v1/messages` bodies parsed and built, and the
 * `message` object as the non-streaming answer.
 *
 * @example
 * ```ts
 * const request = anthropicRequests.parse(body, {});
 * ```
 */
export const anthropicRequests: DialectRequests = {
  parse: (body) => parseAnthropicRequest(body),
  build: buildAnthropicRequest,
  toResponse: toMessage,
};
