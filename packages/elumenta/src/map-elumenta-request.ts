import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type UpstreamRequest,
} from "@sse-dialects/core";

/** Elumenta's endpoint, relative to the API root an OpenAI client is given as `baseURL`. */
const ELUMENTA_PATH = "generate";
const CHAT_COMPLETIONS = /\/chat\/completions\/?$/;

/**
 * Elumenta's streaming API takes `{model, messages, stream}` at `POST …/api/v2/generate`. Messages
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
