import { isJsonObject, type JsonObject, type UpstreamRequest } from "@sse-dialects/core";

/**
 * OpenAI-compatible upstreams take the request as it is, asked to stream and to report usage
 * (the last chunk's `usage`), so a collected answer has its token counts too. The URL is kept:
 * an OpenAI-compatible upstream answers at the endpoint the client called.
 *
 * @example
 * ```ts
 * mapOpenAIRequest({ model: "gpt-4o", messages, stream: false }, "https://api.openai.com/v1/chat/completions");
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
