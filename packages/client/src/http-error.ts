import { type ErrorEvent, SseDialectsError } from "@sse-dialects/core";

/**
 * What went wrong before the stream began, in the classes applications handle differently:
 * `authentication` (401, 403: fix the key), `rate-limit` (429: wait `retryAfterMs` and retry),
 * `bad-request` (other 4xx: fix the request), `server` (5xx: retry later), `network` (the request
 * never got a response).
 */
export type HttpErrorKind = "authentication" | "rate-limit" | "bad-request" | "server" | "network";

/** The fields an {@link HttpError} is built from. */
export interface HttpErrorInit {
  kind: HttpErrorKind;
  /** The HTTP status; undefined for `network`. */
  status?: number | undefined;
  /** The provider's own message (`error.message`, `error`, `message`, `detail`), or the body's start. */
  providerMessage?: string | undefined;
  /** The provider's error code and type (OpenAI `error.code`, `error.type`). */
  providerCode?: string | undefined;
  providerType?: string | undefined;
  /** The response body: parsed JSON when it was JSON, the text otherwise. */
  body?: unknown;
  /** `Retry-After`, in milliseconds, when the response carried one. */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/**
 * A request that failed before any stream: a non-2xx response (code `http-error`) or a fetch that
 * never got one (code `network-error`). It carries the status, the class of failure and the
 * provider's message, whichever dialect's error body shape it came in.
 *
 * @example
 * ```ts
 * try {
 *   const stream = await openStream(fetch(url, init));
 * } catch (error) {
 *   if (error instanceof HttpError && error.kind === "rate-limit") {
 *     await sleep(error.retryAfterMs ?? 1000);
 *   }
 * }
 * ```
 */
export class HttpError extends SseDialectsError {
  readonly kind: HttpErrorKind;
  readonly status: number | undefined;
  readonly providerMessage: string | undefined;
  readonly providerCode: string | undefined;
  readonly providerType: string | undefined;
  readonly body: unknown;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, init: HttpErrorInit) {
    const code = init.kind === "network" ? "network-error" : "http-error";
    const event: ErrorEvent =
      init.status === undefined
        ? { type: "error", code, message }
        : { type: "error", code, message, data: { status: init.status } };
    super(code, message, { event, cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.providerMessage = init.providerMessage;
    this.providerCode = init.providerCode;
    this.providerType = init.providerType;
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * The class of a non-2xx status.
 *
 * @example
 * ```ts
 * classifyStatus(401); // "authentication"
 * classifyStatus(429); // "rate-limit"
 * classifyStatus(503); // "server"
 * ```
 */
export function classifyStatus(status: number): Exclude<HttpErrorKind, "network"> {
  if (status === 401 || status === 403) return "authentication";
  if (status === 429) return "rate-limit";
  if (status >= 500) return "server";
  return "bad-request";
}
