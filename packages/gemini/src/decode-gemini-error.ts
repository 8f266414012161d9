import {
  type ErrorCode,
  type ErrorEvent,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
} from "@sse-dialects/core";
import { ERROR_DOMAIN, ERROR_INFO_TYPE, GEMINI } from "./gemini-wire.js";

/** Every code of the model (a `Record` so a new code is a build error here, without importing zod). */
const CODES: Record<ErrorCode, true> = {
  "invalid-utf8": true,
  "invalid-json": true,
  "invalid-event": true,
  "event-too-large": true,
  "cut-off": true,
  "provider-error": true,
  aborted: true,
  timeout: true,
  "unknown-dialect": true,
  "http-error": true,
  "network-error": true,
};
const OWN_CODES: ReadonlySet<string> = new Set(Object.keys(CODES));

/**
 * A Google error object (`{"error": {code, message, status, details}}`,
 * https://cloud.google.com/apis/design/errors) as an `error` event. One that carries our own
 * code (a `google.rpc.ErrorInfo` of domain `sse-dialects`, as our encoder writes a cut-off or a
 * malformed upstream) comes back with that code and data; any other is the provider's
 * `provider-error`, its message the error's `message`, its data the whole object.
 *
 * @example
 * ```ts
 * decodeGeminiError({ error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } });
 * // { type: "error", code: "provider-error", message: "The model is overloaded.", data: { error: … }, dialect: "gemini" }
 * ```
 */
export function decodeGeminiError(object: JsonObject): ErrorEvent {
  const error = object.error as JsonObject;
  const message = typeof error.message === "string" ? error.message : JSON.stringify(error);
  const own = ownCode(error.details);
  if (own !== undefined) {
    const event: ErrorEvent = { type: "error", code: own.code, message };
    if (own.data !== undefined) event.data = own.data;
    return event;
  }
  return { type: "error", code: "provider-error", message, data: object, dialect: GEMINI };
}

function ownCode(
  details: JsonValue | undefined,
): { code: ErrorCode; data: JsonValue | undefined } | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (
      !isJsonObject(detail) ||
      detail["@type"] !== ERROR_INFO_TYPE ||
      detail.domain !== ERROR_DOMAIN ||
      typeof detail.reason !== "string" ||
      !OWN_CODES.has(detail.reason)
    )
      continue;
    const metadata = detail.metadata;
    let data: JsonValue | undefined;
    if (isJsonObject(metadata) && typeof metadata.data === "string") {
      try {
        data = parseJson(metadata.data) as JsonValue;
      } catch {
        data = metadata.data;
      }
    }
    return { code: detail.reason as ErrorCode, data };
  }
  return undefined;
}
