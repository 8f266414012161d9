import { parseProviderError } from "@sse-dialects/client";
import type { JsonObject } from "@sse-dialects/core";

/** The body of an OpenAI error response: `{"error": {"message", "type", "code"}}`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string | null };
}

/**
 * A JSON error response in OpenAI's shape, which the `openai` SDK turns into an `APIError`
 * with this status, message, type and code, and the Vercel AI SDK into an `APICallError`.
 *
 * @example
 * ```ts
 * return openAIErrorResponse(413, "The request body is larger than 1048576 bytes", "invalid_request_error", "request_too_large");
 * ```
 */
export function openAIErrorResponse(
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  headers?: HeadersInit,
): Response {
  const body: OpenAIErrorBody = { error: { message, type, code } };
  const out = new Headers(headers);
  out.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status, headers: out });
}

/** OpenAI's error `type` for a status, when the upstream did not name one. */
function typeOfStatus(status: number): string {
  if (status === 401 || status === 403) return "authentication_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "upstream_error";
  return "invalid_request_error";
}

/**
 * An upstream's non-2xx response, whatever its dialect's error body (OpenAI's
 * `{error:{message,type,code}}`, Elumenta's `{error:"…"}` or `{message:"…"}`, FastAPI's
 * `{detail}`, plain text), as an OpenAI error response with the same status. `Retry-After`
 * is kept, so a client's retry logic still works through the proxy. `redact` cleans the
 * message first: an upstream's 401 may quote the proxy's own key back.
 *
 * @example
 * ```ts
 * const upstream = await fetch(url, init);
 * if (!upstream.ok) return toOpenAIErrorResponse(upstream);
 * ```
 */
export async function toOpenAIErrorResponse(
  upstream: Response,
  redact: (text: string) => string = (text) => text,
): Promise<Response> {
  let body: unknown;
  try {
    const raw = await upstream.text();
    try {
      body = JSON.parse(raw) as JsonObject;
    } catch {
      body = raw;
    }
  } catch {
    // The body failed to arrive; the status alone still says what happened.
    body = undefined;
  }
  const provider = parseProviderError(body);
  const statusText = upstream.statusText === "" ? "" : ` ${upstream.statusText}`;
  const headers = new Headers();
  const retryAfter = upstream.headers.get("retry-after");
  if (retryAfter !== null) headers.set("retry-after", retryAfter);
  return openAIErrorResponse(
    upstream.status,
    redact(provider.message ?? `The upstream answered HTTP ${upstream.status}${statusText}`),
    provider.type ?? typeOfStatus(upstream.status),
    provider.code ?? null,
    headers,
  );
}
