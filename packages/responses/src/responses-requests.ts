import type { DialectRequests } from "@sse-dialects/core";
import { buildResponsesRequest } from "./build-responses-request.js";
import { parseResponsesRequest } from "./parse-responses-request.js";
import { toResponse } from "./to-response.js";

/**
 * The OpenAI Responses request side: `POST /v1/responses` bodies parsed and built, and the
 * `response` object as the non-streaming answer.
 *
 * @example
 * ```ts
 * const request = responsesRequests.parse(body, {});
 * ```
 */
export const responsesRequests: DialectRequests = {
  parse: (body) => parseResponsesRequest(body),
  build: buildResponsesRequest,
  toResponse,
};
