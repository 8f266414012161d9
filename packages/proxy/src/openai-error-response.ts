import { parseProviderError } from "@sse-dialects/client";
import type { JsonObject } from "@sse-dialects/core";
import { parseJson } from "@sse-dialects/core";
import { readBoundedText } from "./read-bounded-text.js";

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
export function typeOfStatus(status: number): string {
  if (status === 401 || status === 403) return "authentication_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "upstream_error";
  return "invalid_request_error";
}

/** The bounds and the redaction of {@link toOpenAIErrorResponse}. */
export interface UpstreamErrorOptions {
  /**
   * Cleans every string taken from the upstream (message, type, code) before the client sees
   * it: an upstream's 401 may quote the proxy's own key back. Default: unchanged.
   */
  redact?: (text: string) => string;
  /** The most bytes of the error body read; the rest is cancelled. Default 64 KiB. */
  maxBytes?: number;
  /** Silence, in milliseconds, after which the body is given up on. Default: none. */
  idleTimeoutMs?: number | undefined;
}

/** Default {@link UpstreamErrorOptions.maxBytes}: error messages are short; 64 KiB is plenty. */
export const DEFAULT_MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Longest `type` or `code` taken from an upstream; longer ones are not an error code. */
const MAX_CODE_LENGTH = 100;

/** `Retry-After` as RFC 9110 §10.2.3 allows it: delay seconds, or an HTTP date. */
const RETRY_AFTER = /^(?:\d{1,10}|[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT)$/;

/**
 * An upstream's non-2xx response, whatever its dialect's error body (OpenAI's
 * `{error:{message,type,code}}`, Elumenta's `{error:"…"}` or `{message:"…"}`, FastAPI's
 * `{detail}`, plain text), as an OpenAI error response with the same status. Only the first
 * `maxBytes` of the body are read, within `idleTimeoutMs` of silence, so a huge or stalled
 * error body holds neither memory nor the client. `Retry-After` is kept when it is a valid
 * value, so a client's retry logic still works through the proxy; everything else taken from
 * the upstream goes through `redact`.
 *
 * @example
 * ```ts
 * const upstream = await fetch(url, init);
 * if (!upstream.ok) return toOpenAIErrorResponse(upstream, { idleTimeoutMs: 30_000 });
 * ```
 */
export async function toOpenAIErrorResponse(
  upstream: Response,
  options: UpstreamErrorOptions = {},
): Promise<Response> {
  const error = await readUpstreamError(upstream, options);
  const headers = new Headers();
  if (error.retryAfter !== undefined) headers.set("retry-after", error.retryAfter);
  return openAIErrorResponse(
    error.status,
    error.message,
    error.type ?? typeOfStatus(error.status),
    error.code ?? null,
    headers,
  );
}

/** An upstream's non-2xx answer, read within bounds and redacted: what any front re-shapes. */
export interface UpstreamError {
  status: number;
  /** The provider's message, else `The upstream answered HTTP <status> <text>`. */
  message: string;
  /** The provider's error type and code, when short enough to be codes. */
  type: string | undefined;
  code: string | undefined;
  /** `Retry-After`, when the upstream sent a valid value. */
  retryAfter: string | undefined;
}

/**
 * Reads an upstream's non-2xx response, whatever its dialect's error body (OpenAI's
 * `{error:{message,type,code}}`, Anthropic's `{type:"error",error:{type,message}}`, Google's
 * `{error:{code,message,status}}`, Ollama's `{error:"…"}`, FastAPI's `{detail}`, plain text),
 * from at most `maxBytes` of its body within `idleTimeoutMs` of silence. `Retry-After` is kept
 * when it is a valid value; every string taken from the upstream goes through `redact`.
 *
 * @example
 * ```ts
 * const { status, message, retryAfter } = await readUpstreamError(upstream, { maxBytes: 65_536 });
 * ```
 */
export async function readUpstreamError(
  upstream: Response,
  options: UpstreamErrorOptions = {},
): Promise<UpstreamError> {
  const redact = options.redact ?? ((text: string) => text);
  const read = await readBoundedText(upstream.body, {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_ERROR_BODY_BYTES,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  let body: unknown;
  try {
    body = parseJson(read.text) as JsonObject;
  } catch {
    // Not JSON, or JSON cut by the limit: the text itself is the message.
    body = read.text;
  }
  const provider = parseProviderError(body);
  const statusText = upstream.statusText === "" ? "" : ` ${upstream.statusText}`;
  const retryAfter = upstream.headers.get("retry-after")?.trim();
  return {
    status: upstream.status,
    message: redact(
      provider.message ?? `The upstream answered HTTP ${upstream.status}${statusText}`,
    ),
    type: codeOf(provider.type, redact),
    code: codeOf(provider.code, redact),
    // A value that redaction would change is not one to send at all.
    retryAfter:
      retryAfter !== undefined && RETRY_AFTER.test(retryAfter) && redact(retryAfter) === retryAfter
        ? retryAfter
        : undefined,
  };
}

/** An upstream's `type` or `code`, redacted; dropped when too long to be a code. */
function codeOf(value: string | undefined, redact: (text: string) => string): string | undefined {
  if (value === undefined || value.length > MAX_CODE_LENGTH) return undefined;
  return redact(value);
}
