import type { DialectRequests, JsonObject } from "@sse-dialects/core";
import { buildOpenAIRequest } from "./build-openai-request.js";
import { parseOpenAIRequest } from "./parse-openai-request.js";
import { toChatCompletion } from "./to-chat-completion.js";

/**
 * The OpenAI chat-completions request side: `POST /v1/chat/completions` bodies parsed and built,
 * and `chat.completion` as the non-streaming answer.
 *
 * @example
 * ```ts
 * const request = openaiRequests.parse(body, {});
 * const upstream = anthropicRequests.build(request, { baseUrl: "https://api.anthropic.com", model: "claude-sonnet-4-5" });
 * ```
 */
export const openaiRequests: DialectRequests = {
  parse: (body) => parseOpenAIRequest(body),
  build: buildOpenAIRequest,
  toResponse: (message) => toChatCompletion(message) as unknown as JsonObject,
};
