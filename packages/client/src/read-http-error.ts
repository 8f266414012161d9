import { parseJson } from "@sse-dialects/core";
import { classifyStatus, HttpError } from "./http-error.js";

/** Longest excerpt of a non-JSON error body kept as the provider's message. */
const EXCERPT = 300;

/** The provider's message, code and type, from any of the error body shapes in use. */
export interface ProviderError {
  message: string | undefined;
  code: string | undefined;
  type: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/**
 * Reads a provider's error body, whatever its shape: OpenAI's `{error:{message,type,code}}`,
 * Elumenta's `{error:"…"}` or `{message:"…"}`, `{detail:"…"}` as FastAPI servers send, or
 * plain text. Unknown shapes give no message rather than a guess.
 *
 * @example
 * ```ts
 * parseProviderError({ error: { message: "Invalid key", type: "invalid_request_error", code: "invalid_api_key" } });
 * // { message: "Invalid key", code: "invalid_api_key", type: "invalid_request_error" }
 * parseProviderError({ error: "Insufficient balance" }); // { message: "Insufficient balance", … }
 * ```
 */
export function parseProviderError(body: unknown): ProviderError {
  if (typeof body === "string") {
    const trimmed = body.trim();
    return {
      message: trimmed === "" ? undefined : trimmed.slice(0, EXCERPT),
      code: undefined,
      type: undefined,
    };
  }
  if (!isRecord(body)) return { message: undefined, code: undefined, type: undefined };
  const error = body.error;
  if (isRecord(error)) {
    return {
      message: text(error.message) ?? text(body.message),
      code: text(error.code) ?? text(body.code),
      type: text(error.type) ?? text(body.type),
    };
  }
  return {
    message: text(error) ?? text(body.message) ?? text(body.detail),
    code: text(body.code),
    type: text(body.type),
  };
}

/**
 * `Retry-After` as milliseconds: delay seconds or an HTTP date.
 *
 * @example
 * ```ts
 * parseRetryAfter("2"); // 2000
 * ```
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The typed error of a non-2xx response: its body is read (JSON when it parses) and the
 * provider's message put first, since that is what a person needs to act on.
 *
 * @example
 * ```ts
 * if (!response.ok) throw await readHttpError(response);
 * ```
 */
export async function readHttpError(response: Response): Promise<HttpError> {
  let body: unknown;
  try {
    const raw = await response.text();
    try {
      body = parseJson(raw);
    } catch {
      body = raw;
    }
  } catch {
    // The body failed to arrive; the status alone still says what happened.
    body = undefined;
  }
  const provider = parseProviderError(body);
  const status = response.status;
  const statusText = response.statusText === "" ? "" : ` ${response.statusText}`;
  const message = `HTTP ${status}${statusText}${provider.message === undefined ? "" : `: ${provider.message}`}`;
  return new HttpError(message, {
    kind: classifyStatus(status),
    status,
    providerMessage: provider.message,
    providerCode: provider.code,
    providerType: provider.type,
    body,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
  });
}
