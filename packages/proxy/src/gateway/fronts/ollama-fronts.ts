import { bearerKey, type Front, jsonResponse, modelOf } from "../front.js";

/** Ollama's error body: `{"error": "…"}` (https://github.com/ollama/ollama/blob/main/docs/api.md). */
function ollamaError(error: { status: number; message: string; headers?: HeadersInit }): Response {
  return jsonResponse({ error: error.message }, error.status, error.headers);
}

/**
 * Ollama's chat, `POST /api/chat`: NDJSON, streaming unless `stream: false` (Ollama streams by
 * default); a key, when a server wants one, in `Authorization: Bearer`.
 */
export const ollamaChatFront: Front = {
  name: "ollama-chat",
  dialect: "ollama",
  match: (pathname) => (pathname === "/api/chat" ? {} : undefined),
  clientKey: bearerKey,
  stream: (body) => body.stream !== false,
  model: (body) => modelOf(body),
  error: ollamaError,
};

/**
 * Ollama's completion, `POST /api/generate`: a `prompt` (and `system`) instead of messages, the
 * answer's text in `response` instead of `message.content`; otherwise as `/api/chat`.
 */
export const ollamaGenerateFront: Front = {
  name: "ollama-generate",
  dialect: "ollama",
  match: (pathname) => (pathname === "/api/generate" ? {} : undefined),
  clientKey: bearerKey,
  stream: (body) => body.stream !== false,
  model: (body) => modelOf(body),
  error: ollamaError,
};
