import {
  type ErrorCode,
  type ErrorEvent,
  errorEvent,
  isErrorCode,
  isJsonObject,
  type JsonValue,
} from "@sse-dialects/core";

/**
 * The `type` of the error objects the encoder writes for errors sse-dialects itself reported (a
 * cut-off upstream, malformed JSON…). Reading it back restores the original code, so a proxy
 * chain keeps saying `cut-off` rather than a generic provider error.
 */
export const STREAM_ERROR_TYPE = "stream_error";

/** The human-readable message of a provider's error value. */
function messageOf(error: JsonValue): string {
  if (typeof error === "string") return error;
  if (isJsonObject(error) && typeof error.message === "string") return error.message;
  return JSON.stringify(error);
}

/**
 * Reads the value of a top-level `error` field (OpenAI, OpenRouter: `{"error": {...}}`) into an
 * error event: `provider-error` with the wire's object as `data`, unless it is one of our own
 * `stream_error` objects, whose code it restores.
 *
 * @example
 * ```ts
 * mapError({ code: 502, message: "Provider disconnected" });
 * // { type: "error", code: "provider-error", message: "Provider disconnected", data: { code: 502, … } }
 * ```
 */
export function mapError(error: JsonValue): ErrorEvent {
  if (isStreamError(error))
    return errorEvent(error.code as ErrorCode, error.message as string, error.data);
  return { ...errorEvent("provider-error", messageOf(error), error), dialect: "openai" };
}

/** Whether an error value is one the encoder wrote for an error of ours (see {@link toOpenAIError}). */
function isStreamError(error: JsonValue): error is Record<string, JsonValue> {
  return (
    isJsonObject(error) &&
    error.type === STREAM_ERROR_TYPE &&
    isErrorCode(error.code) &&
    typeof error.message === "string" &&
    isOwnShape(error)
  );
}

/** Only the keys the encoder writes: anything more is someone else's object, kept whole. */
function isOwnShape(error: Record<string, JsonValue>): boolean {
  for (const key in error) {
    if (key !== "message" && key !== "type" && key !== "code" && key !== "data") return false;
  }
  return true;
}

/**
 * The value of the top-level `error` field to write for an error event: a provider's own error
 * object verbatim (when it is what the event says), else
 * `{"message", "type": "stream_error", "code", "data"?}`. Either way the official `openai` SDK
 * throws an `APIError` for the chunk, as it does for any payload with a top-level `error`.
 *
 * @example
 * ```ts
 * toOpenAIError({ type: "error", code: "cut-off", message: "ended early" });
 * // { message: "ended early", type: "stream_error", code: "cut-off" }
 * ```
 */
export function toOpenAIError(event: ErrorEvent): JsonValue {
  if (
    event.code === "provider-error" &&
    // Only OpenAI's own error object goes on an OpenAI wire as it came.
    event.dialect === "openai" &&
    event.data !== undefined &&
    event.data !== null &&
    messageOf(event.data) === event.message &&
    // Verbatim, it would read back as one of ours.
    !isStreamError(event.data)
  ) {
    return event.data;
  }
  const out: Record<string, JsonValue> = {
    message: event.message,
    type: STREAM_ERROR_TYPE,
    code: event.code,
  };
  // Context of our own errors (a limit, an excerpt) is ours to write; another dialect's error
  // object is not (the encoder reports it as dropped).
  if (event.data !== undefined && event.dialect === undefined) out.data = event.data;
  return out;
}
