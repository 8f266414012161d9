import type { AnyDialect, JsonObject, JsonValue } from "@sse-dialects/core";
import { isJsonObject } from "@sse-dialects/core";

/** The upstream request an OpenAI `chat/completions` request becomes. */
export interface UpstreamRequest {
  url: string;
  body: JsonObject;
}

/**
 * Turns an OpenAI chat-completions request body into the upstream's request, per dialect: the
 * endpoint and the body. `url` is the configured upstream endpoint, or the URL the client called
 * when none is configured (the normalizing fetch), which the mapper may rewrite to its dialect's
 * endpoint. The upstream is always asked to stream: a `stream: false` client gets the stream
 * collected into one `chat.completion`.
 */
export type RequestMapper = (
  request: JsonObject,
  url: string,
  configured: boolean,
) => UpstreamRequest;

/**
 * OpenAI-compatible upstreams take the request as it is, asked to stream and to report usage
 * (the last chunk's `usage`), so a collected answer has its token counts too.
 *
 * @example
 * ```ts
 * mapOpenAIRequest({ model: "gpt-4o", messages, stream: false }, "https://api.openai.com/v1/chat/completions", true);
 * // { url: "https://api.openai.com/v1/chat/completions", body: { model, messages, stream: true, stream_options: { include_usage: true } } }
 * ```
 */
export function mapOpenAIRequest(request: JsonObject, url: string): UpstreamRequest {
  const body: JsonObject = { ...request, stream: true };
  if (request.stream !== true) {
    const options = isJsonObject(request.stream_options) ? request.stream_options : {};
    body.stream_options = { ...options, include_usage: true };
  }
  return { url, body };
}

/** Elumenta's endpoint, relative to the API root an OpenAI client is given as `baseURL`. */
const ELUMENTA_PATH = "generate";
const CHAT_COMPLETIONS = /\/chat\/completions\/?$/;

/**
 * Elumenta (seed 004) takes `{model, messages, stream}` at `POST …/api/v2/generate`. Messages
 * keep their role and content; content given as OpenAI text parts is joined into one string,
 * the shape Elumenta documents. Everything else of the OpenAI request has no Elumenta
 * equivalent and is not sent. Called through the normalizing fetch (no configured endpoint), a
 * call to `<baseURL>/chat/completions` goes to `<baseURL>/generate`.
 *
 * @example
 * ```ts
 * mapElumentaRequest({ model: "gpt-5", messages: [{ role: "user", content: "Hi" }], temperature: 0 }, "https://elumenta.ru/api/v2/chat/completions", false);
 * // { url: "https://elumenta.ru/api/v2/generate", body: { model: "gpt-5", messages: [{ role: "user", content: "Hi" }], stream: true } }
 * ```
 */
export function mapElumentaRequest(
  request: JsonObject,
  url: string,
  configured: boolean,
): UpstreamRequest {
  const messages = Array.isArray(request.messages) ? request.messages.map(toElumentaMessage) : [];
  const body: JsonObject = { model: request.model ?? null, messages, stream: true };
  return { url: configured ? url : url.replace(CHAT_COMPLETIONS, `/${ELUMENTA_PATH}`), body };
}

function toElumentaMessage(message: JsonValue): JsonValue {
  if (!isJsonObject(message)) return message;
  const content = message.content;
  if (!Array.isArray(content)) return { role: message.role ?? "user", content: content ?? "" };
  const texts = content.filter(
    (part): part is JsonObject =>
      isJsonObject(part) && part.type === "text" && typeof part.text === "string",
  );
  // Parts other than text (images, audio) have no documented Elumenta form: keep them as sent.
  if (texts.length !== content.length) return { role: message.role ?? "user", content };
  return { role: message.role ?? "user", content: texts.map((part) => part.text).join("") };
}

/** The mappers sse-dialects ships, by dialect name. */
const MAPPERS: Readonly<Record<string, RequestMapper>> = {
  openai: mapOpenAIRequest,
  elumenta: mapElumentaRequest,
};

/**
 * The request mapper of a dialect, or undefined for a dialect sse-dialects has none for (give
 * your own `mapRequest` then). With `"auto"` the upstream's dialect is only known from its
 * answer, so the request goes as OpenAI's, asked to stream.
 *
 * @example
 * ```ts
 * requestMapperFor(elumenta)?.(openAIRequest, "https://elumenta.ru/api/v2/generate", true);
 * ```
 */
export function requestMapperFor(from: AnyDialect | "auto"): RequestMapper | undefined {
  if (from === "auto") return mapOpenAIRequest;
  return MAPPERS[from.name];
}
