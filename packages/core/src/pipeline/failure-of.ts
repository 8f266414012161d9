import { errorEvent } from "../errors/stream-error.js";
import { thrownMessage } from "../errors/thrown-message.js";
import type { ErrorEvent } from "../events/stream-event.js";

/**
 * The error event for an exception thrown by a byte source: an abort (`AbortError`, as fetch
 * and streams throw), a timeout (`TimeoutError`, as `AbortSignal.timeout` throws), or a
 * failed connection. Whatever was thrown, an event comes back (see `thrownMessage`).
 */
export function failureOf(error: unknown): ErrorEvent {
  const { name, message } = thrownMessage(error);
  if (name === "AbortError") return errorEvent("aborted", message || "The stream was aborted");
  if (name === "TimeoutError") return errorEvent("timeout", message || "The stream timed out");
  return errorEvent("network-error", message || "The stream failed");
}
