import { typeOfStatus } from "../../openai-error-response.js";
import { bearerKey, type Front, jsonResponse, modelOf } from "../front.js";

/**
 * OpenAI Chat Completions, `POST /v1/chat/completions`
 * (https://platform.openai.com/docs/api-reference/chat/create): key in `Authorization: Bearer`,
 * `stream: true` for SSE, errors `{"error": {"message", "type", "param", "code"}}`, which the
 * `openai` SDK raises as `APIError` subclasses by status.
 */
export const openAIChatFront: Front = {
  name: "openai-chat",
  dialect: "openai",
  match: (pathname) => (pathname === "/v1/chat/completions" ? {} : undefined),
  clientKey: bearerKey,
  stream: (body) => body.stream === true,
  model: (body) => modelOf(body),
  error: (error) => openAIStyleError(error),
};

/** OpenAI's error body, shared by Chat Completions and Responses. */
export function openAIStyleError(error: {
  status: number;
  message: string;
  code: string;
  upstreamType?: string | undefined;
  headers?: HeadersInit;
}): Response {
  return jsonResponse(
    {
      error: {
        message: error.message,
        type: error.upstreamType ?? typeOfStatus(error.status),
        param: null,
        code: error.code,
      },
    },
    error.status,
    error.headers,
  );
}
