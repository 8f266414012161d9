import type {
  AccumulatedMessage,
  AnyDialect,
  JsonObject,
  ResponseOptions,
} from "@sse-dialects/core";
import { toChatCompletion } from "@sse-dialects/openai";
import { requestSideOf, TranslationError } from "./translate-request.js";

/**
 * The non-streaming answer of a front's dialect for an accumulated message: the dialect's own
 * `toResponse` (a `chat.completion`, an Anthropic `message`, a Responses `response`, a
 * `GenerateContentResponse`, an Ollama chat response).
 */
export function toFrontResponse(
  dialect: AnyDialect,
  message: AccumulatedMessage,
  options: ResponseOptions = {},
): JsonObject {
  const side = requestSideOf(dialect);
  if (side !== undefined) return side.toResponse(message, options);
  if (dialect.name === "openai") return toChatCompletion(message) as unknown as JsonObject;
  throw new TranslationError(
    `This gateway has no non-streaming ${dialect.name} answer: ask with stream: true`,
    501,
  );
}
