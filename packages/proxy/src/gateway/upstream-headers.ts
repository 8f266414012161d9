import type { AnyDialect } from "@sse-dialects/core";

/**
 * The Messages API version the gateway speaks (https://docs.anthropic.com/en/api/versioning),
 * sent unless the client, on an Anthropic front, named its own.
 */
export const ANTHROPIC_VERSION = "2023-06-01";

/**
 * Sets the upstream's key the way its API reads it: Anthropic's `x-api-key` (with the required
 * `anthropic-version`), Gemini's `x-goog-api-key`, and `Authorization: Bearer` for every other
 * dialect (OpenAI, Responses, Ollama behind a proxy, Elumenta).
 */
export function setUpstreamAuth(
  headers: Headers,
  dialect: AnyDialect,
  key: string | undefined,
): void {
  if (dialect.name === "anthropic") {
    if (!headers.has("anthropic-version")) headers.set("anthropic-version", ANTHROPIC_VERSION);
    if (key !== undefined) headers.set("x-api-key", key);
    return;
  }
  if (key === undefined) return;
  if (dialect.name === "gemini") headers.set("x-goog-api-key", key);
  else headers.set("authorization", `Bearer ${key}`);
}
