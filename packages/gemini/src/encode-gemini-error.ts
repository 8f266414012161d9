import { type ErrorEvent, isJsonObject, type JsonObject } from "@sse-dialects/core";
import { ERROR_DOMAIN, ERROR_INFO_TYPE, GEMINI, statusOfCode } from "./gemini-wire.js";

/**
 * An error event as Google's error object (https://cloud.google.com/apis/design/errors), which
 * `@google/genai` turns into an `ApiError` when its `code` is an HTTP error status. A Gemini
 * provider error goes back as it came. Any other error gets a status for its code and, unless
 * it is a provider's, a `google.rpc.ErrorInfo` naming our code, so it decodes back the same.
 *
 * @example
 * ```ts
 * encodeGeminiError({ type: "error", code: "cut-off", message: "The upstream ended early" });
 * // { error: { code: 500, message: "The upstream ended early", status: "INTERNAL", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "cut-off", domain: "sse-dialects" }] } }
 * ```
 */
export function encodeGeminiError(event: ErrorEvent): JsonObject {
  const { code, message, data } = event;
  if (
    code === "provider-error" &&
    event.dialect === GEMINI &&
    isJsonObject(data) &&
    isJsonObject(data.error) &&
    (data.error.message === message ||
      (data.error.message === undefined && JSON.stringify(data.error) === message))
  ) {
    return data;
  }
  const status = statusOfCode(code);
  const error: JsonObject = { code: status.code, message, status: status.status };
  if (code !== "provider-error") {
    const info: JsonObject = { "@type": ERROR_INFO_TYPE, reason: code, domain: ERROR_DOMAIN };
    // ErrorInfo's metadata is a map of strings.
    if (data !== undefined) info.metadata = { data: JSON.stringify(data) };
    error.details = [info];
  }
  return { error };
}
