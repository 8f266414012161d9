import { bearerKey, type Front, jsonResponse, modelOf } from "../front.js";

/**
 * Anthropic's error `type` for a status (https://docs.anthropic.com/en/api/errors): the
 * `@anthropic-ai/sdk` raises `APIError` subclasses by status and exposes this body as `error`.
 */
function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 529:
      return "overloaded_error";
    default:
      return status >= 500 ? "api_error" : "invalid_request_error";
  }
}

/**
 * Anthropic Messages, `POST /v1/messages` (https://docs.anthropic.com/en/api/messages): the key
 * in `x-api-key` (or `Authorization: Bearer`, the SDK's `authToken`), `stream: true` for its
 * named SSE events, errors `{"type": "error", "error": {"type", "message"}}`.
 */
export const anthropicMessagesFront: Front = {
  name: "anthropic-messages",
  dialect: "anthropic",
  match: (pathname) => (pathname === "/v1/messages" ? {} : undefined),
  clientKey: (request) => request.headers.get("x-api-key") ?? bearerKey(request),
  stream: (body) => body.stream === true,
  model: (body) => modelOf(body),
  error: (error) =>
    jsonResponse(
      { type: "error", error: { type: anthropicErrorType(error.status), message: error.message } },
      error.status,
      error.headers,
    ),
};
