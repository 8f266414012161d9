import type { ErrorCode, ErrorEvent, JsonValue } from "../events/stream-event.js";

/** Builds an `error` event; `data` is left out when there is none (exact optional types). */
export function errorEvent(code: ErrorCode, message: string, data?: JsonValue): ErrorEvent {
  return data === undefined
    ? { type: "error", code, message }
    : { type: "error", code, message, data };
}

/**
 * The one exception class of sse-dialects. Misuse of the API throws it with `code: "misuse"`;
 * the consumer API (which promises values, not events) rejects with it when a stream carried an
 * `error` event, keeping the event as `event`.
 */
export class SseDialectsError extends Error {
  readonly code: ErrorCode | "misuse";
  readonly event: ErrorEvent | undefined;

  constructor(
    code: ErrorCode | "misuse",
    message: string,
    options: { cause?: unknown; event?: ErrorEvent } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Aborts and timeouts carry the platform's names, so code written for fetch
    // (`error.name === "AbortError"`, as the Fetch standard names it) keeps working.
    this.name =
      code === "aborted" ? "AbortError" : code === "timeout" ? "TimeoutError" : "SseDialectsError";
    this.code = code;
    this.event = options.event;
  }

  /** The error of an `error` event, for APIs that reject instead of emitting. */
  static fromEvent(event: ErrorEvent): SseDialectsError {
    return new SseDialectsError(event.code, event.message, { event });
  }
}
