import type { DialectRequests } from "@sse-dialects/core";
import { buildGeminiRequest } from "./build-gemini-request.js";
import { parseGeminiRequest } from "./parse-gemini-request.js";
import { toGenerateContentResponse } from "./to-generate-content-response.js";

/**
 * The Gemini request side: `generateContent` / `streamGenerateContent` bodies parsed (the model
 * and streaming from the URL) and built, and `GenerateContentResponse` as the non-streaming
 * answer.
 *
 * @example
 * ```ts
 * const request = geminiRequests.parse(body, { model: "gemini-2.5-flash", stream: true });
 * ```
 */
export const geminiRequests: DialectRequests = {
  parse: parseGeminiRequest,
  build: buildGeminiRequest,
  toResponse: toGenerateContentResponse,
};
