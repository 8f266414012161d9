import { type ErrorCode, isErrorCode, type JsonValue } from "@sse-dialects/core";

/**
 * The Elumenta wire vocabulary (docs.elumenta.ru, "Streaming"): every event is one SSE `data:`
 * line holding a JSON object discriminated on `type`, and the stream ends with `data: [DONE]`.
 * The decoder and the encoder both read their names from here, so they cannot drift apart.
 */
export const ELUMENTA_TYPES = {
  start: "generation_start",
  delta: "content_delta",
  end: "generation_end",
  error: "error",
} as const;

/** The terminator, as `data` of its own SSE event. */
export const DONE = "[DONE]";

/** The two billing fields of `generation_end`, kept under these exact names in `usage.billing`. */
export const BILLING_FIELDS = ["tokens_used", "balance_remaining"] as const;

/** The fields each event type names; any other field is kept as an `extra` event. */
export const KNOWN_FIELDS = {
  start: new Set(["type", "id", "model"]),
  delta: new Set(["type", "delta"]),
  end: new Set(["type", "id", ...BILLING_FIELDS]),
  /** An error we synthesised (cut-off, invalid-json…) carries our code and, maybe, its context. */
  ownError: new Set(["type", "code", "message", "data"]),
} as const;

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(ELUMENTA_TYPES));

/** Whether `type` is one of the four event types Elumenta documents. */
export function isKnownType(type: string): boolean {
  return KNOWN_TYPES.has(type);
}

/**
 * Our error codes that an Elumenta `error` event may carry as `code`, so that an error we
 * synthesised (a cut-off, a malformed event) survives a round trip through Elumenta with its
 * code. `provider-error` is not among them: it is what an error without our code means.
 */
export function ownErrorCode(
  value: JsonValue | undefined,
): Exclude<ErrorCode, "provider-error"> | undefined {
  return isErrorCode(value) && value !== "provider-error" ? value : undefined;
}

/** The message of a provider's error object, or a stand-in when it sent none. */
export function providerErrorMessage(object: { message?: JsonValue }): string {
  return typeof object.message === "string"
    ? object.message
    : "The Elumenta stream reported an error";
}
