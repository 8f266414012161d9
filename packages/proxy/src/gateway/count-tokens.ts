import type { JsonObject } from "@sse-dialects/core";

/** Gemini's token counting path: `/v1beta/models/{model}:countTokens` (also `v1alpha`, `v1`). */
const GEMINI_COUNT = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):countTokens$/;

/** A token-counting request: the dialect whose upstream can answer it, and the model it names. */
export interface Counting {
  readonly dialect: "anthropic" | "gemini";
  /** Gemini's model, from the path (Anthropic's is in the body). */
  readonly model?: string;
}

/**
 * The token counting a path asks for: Anthropic's `POST /v1/messages/count_tokens`
 * (https://docs.anthropic.com/en/api/messages-count-tokens) or Gemini's
 * `POST /v1beta/models/{model}:countTokens` (https://ai.google.dev/api/tokens). A count is the
 * upstream's own answer: only an upstream of the same dialect can give it.
 *
 * @example
 * ```ts
 * countingOf("/v1beta/models/gemini-2.5-flash:countTokens"); // { dialect: "gemini", model: "gemini-2.5-flash" }
 * ```
 */
export function countingOf(pathname: string): Counting | undefined {
  if (pathname === "/v1/messages/count_tokens") return { dialect: "anthropic" };
  const match = GEMINI_COUNT.exec(pathname);
  if (match === null) return undefined;
  try {
    return { dialect: "gemini", model: decodeURIComponent(match[1] ?? "") };
  } catch {
    return undefined;
  }
}

/**
 * The upstream's counting URL, beside the streaming endpoint its builder makes: Anthropic's
 * `…/v1/messages/count_tokens`, Gemini's `…/models/{model}:countTokens`.
 */
export function countingUrl(counting: Counting, streamingUrl: string): string {
  if (counting.dialect === "anthropic") return `${streamingUrl}/count_tokens`;
  return streamingUrl.replace(
    /:(?:streamGenerateContent|generateContent)(?:\?.*)?$/,
    ":countTokens",
  );
}

/**
 * The body sent to the upstream, the model as routed: Anthropic's names it at the top, Gemini's
 * inside `generateContentRequest` when it has one (`models/{model}`).
 */
export function countingBody(
  counting: Counting,
  body: JsonObject,
  model: string | undefined,
): JsonObject {
  if (model === undefined) return body;
  if (counting.dialect === "anthropic") return { ...body, model };
  const inner = body.generateContentRequest;
  if (inner === null || typeof inner !== "object" || Array.isArray(inner) || !("model" in inner))
    return body;
  return { ...body, generateContentRequest: { ...inner, model: `models/${model}` } };
}
