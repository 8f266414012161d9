import type { DialectRequests } from "@sse-dialects/core";
import { buildOllamaRequest } from "./build-ollama-request.js";
import { parseOllamaRequest } from "./parse-ollama-request.js";
import { toChatResponse } from "./to-chat-response.js";

/**
 * The Ollama request side: `/api/chat` (and `/api/generate`) bodies parsed, `/api/chat` built,
 * and `ChatResponse` as the non-streaming answer (`toGenerateResponse` for `/api/generate`).
 *
 * @example
 * ```ts
 * const request = ollamaRequests.parse(body, {});
 * ```
 */
export const ollamaRequests: DialectRequests = {
  parse: (body) => parseOllamaRequest(body),
  build: buildOllamaRequest,
  toResponse: toChatResponse,
};
