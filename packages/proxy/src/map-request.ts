import type { AnyDialect, RequestMapper } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";

/**
 * The request mapper of a dialect: its `mapRequest`, or undefined for a dialect that has none
 * (give your own `mapRequest` then). With `"auto"` the upstream's dialect is only known from its
 * answer, so the request goes as OpenAI's, asked to stream.
 *
 * @example
 * ```ts
 * requestMapperFor(elumenta)?.(openAIRequest, "https://elumenta.ru/api/v2/generate", true);
 * ```
 */
export function requestMapperFor(from: AnyDialect | "auto"): RequestMapper | undefined {
  return from === "auto" ? openai.mapRequest : from.mapRequest;
}
