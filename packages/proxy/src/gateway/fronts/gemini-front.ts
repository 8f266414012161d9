import { type Front, jsonResponse } from "../front.js";

/** The path of Gemini's model methods: `/v1beta/models/{model}:{method}` (also `v1`). */
const MODEL_METHOD =
  /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(streamGenerateContent|generateContent)$/;

/**
 * google.rpc status names for HTTP statuses, as the Gemini API writes them
 * (https://ai.google.dev/gemini-api/docs/troubleshooting).
 */
function googleStatus(status: number): string {
  switch (status) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 408:
    case 504:
      return "DEADLINE_EXCEEDED";
    case 409:
      return "ABORTED";
    case 413:
      return "INVALID_ARGUMENT";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 501:
      return "UNIMPLEMENTED";
    case 503:
      return "UNAVAILABLE";
    default:
      return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
  }
}

/**
 * Gemini, `POST /v1beta/models/{model}:streamGenerateContent` (SSE with `?alt=sse`, else one JSON
 * array) and `:generateContent` (https://ai.google.dev/api/generate-content): the model is in the
 * path, the key in `x-goog-api-key` (or `?key=`), errors `{"error": {"code", "message",
 * "status"}}`, which `@google/genai` raises as `ApiError` with that status.
 */
export const geminiFront: Front = {
  name: "gemini",
  dialect: "gemini",
  match: (pathname) => {
    const match = MODEL_METHOD.exec(pathname);
    if (match === null) return undefined;
    let model: string;
    try {
      model = decodeURIComponent(match[1] ?? "");
    } catch {
      return undefined;
    }
    return { model, stream: match[2] === "streamGenerateContent" };
  },
  clientKey: (request, url) =>
    request.headers.get("x-goog-api-key") ?? url.searchParams.get("key") ?? undefined,
  stream: (_body, route) => route.stream === true,
  model: (_body, route) => route.model,
  error: (error) =>
    jsonResponse(
      { error: { code: error.status, message: error.message, status: googleStatus(error.status) } },
      error.status,
      error.headers,
    ),
};
