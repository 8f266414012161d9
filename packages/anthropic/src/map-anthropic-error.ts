import {
  type ErrorCode,
  type ErrorEvent,
  errorEvent,
  isErrorCode,
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "@sse-dialects/core";
import { EVENT, OWN_ERROR_TYPE } from "./anthropic-wire.js";

/** The keys of the inner error object the encoder writes for an error of our own. */
const OWN_KEYS: ReadonlySet<string> = new Set(["type", "message", "code", "data"]);

/**
 * Whether an inner error object is one the encoder wrote for an error sse-dialects reported
 * itself (a cut-off upstream, malformed JSON…): Anthropic's shape plus our `code`, and nothing
 * else, so a provider's own object is never taken for one.
 */
function isOwnError(error: JsonObject): boolean {
  if (!isErrorCode(error.code)) return false;
  if (error.code === "provider-error" || typeof error.message !== "string") return false;
  for (const key of Object.keys(error)) if (!OWN_KEYS.has(key)) return false;
  return true;
}

/** The human-readable message of an Anthropic error event's data. */
function messageOf(data: JsonValue): string {
  const inner = isJsonObject(data) ? data.error : undefined;
  if (isJsonObject(inner) && typeof inner.message === "string") return inner.message;
  if (isJsonObject(data) && typeof data.message === "string") return data.message;
  return JSON.stringify(data);
}

/**
 * Reads the data of an `error` event (`{"type":"error","error":{"type","message"}}`,
 * https://docs.anthropic.com/en/api/messages-streaming#error-events) into an error event:
 * `provider-error` with the whole object as `data`, tagged `anthropic`, unless it is one the
 * encoder wrote for an error of ours, whose code (and context) it restores.
 *
 * @example
 * ```ts
 * mapAnthropicError({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
 * // { type: "error", code: "provider-error", message: "Overloaded", data: {…}, dialect: "anthropic" }
 * ```
 */
export function mapAnthropicError(data: JsonValue): ErrorEvent {
  const inner = isJsonObject(data) ? data.error : undefined;
  if (isJsonObject(inner) && isOwnError(inner)) {
    return errorEvent(inner.code as ErrorCode, inner.message as string, inner.data);
  }
  return { ...errorEvent("provider-error", messageOf(data), data), dialect: "anthropic" };
}

/**
 * The data of the `error` event to write for an error event: Anthropic's own error object as it
 * came (when it is what the event says), else `{"type":"error","error":{"type","message"}}` with
 * the closest Anthropic error type, plus our `code` (and context) for an error sse-dialects
 * reported itself, so it reads back with its code. The SDK raises an `APIError` for either.
 *
 * @example
 * ```ts
 * toAnthropicError({ type: "error", code: "cut-off", message: "ended early" });
 * // { type: "error", error: { type: "api_error", message: "ended early", code: "cut-off" } }
 * ```
 */
export function toAnthropicError(event: ErrorEvent): JsonObject {
  const data = event.data;
  if (event.code === "provider-error") {
    if (
      event.dialect === "anthropic" &&
      isJsonObject(data) &&
      data.type === EVENT.error &&
      messageOf(data) === event.message &&
      !(isJsonObject(data.error) && isOwnError(data.error))
    ) {
      return data;
    }
    return { type: EVENT.error, error: { type: "api_error", message: event.message } };
  }
  const inner: JsonObject = {
    type: OWN_ERROR_TYPE[event.code] ?? "api_error",
    message: event.message,
    code: event.code,
  };
  // Context of our own errors (a limit, an excerpt) is ours to write.
  if (data !== undefined && event.dialect === undefined) inner.data = data;
  return { type: EVENT.error, error: inner };
}
