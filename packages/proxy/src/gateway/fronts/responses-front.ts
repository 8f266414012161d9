import { bearerKey, type Front, modelOf } from "../front.js";
import { openAIStyleError } from "./openai-chat-front.js";

/**
 * OpenAI Responses, `POST /v1/responses`
 * (https://platform.openai.com/docs/api-reference/responses/create): the same key header and
 * error body as Chat Completions; `stream: true` for its typed `response.*` events.
 */
export const responsesFront: Front = {
  name: "responses",
  dialect: "responses",
  match: (pathname) => (pathname === "/v1/responses" ? {} : undefined),
  clientKey: bearerKey,
  stream: (body) => body.stream === true,
  model: (body) => modelOf(body),
  error: (error) => openAIStyleError(error),
};
