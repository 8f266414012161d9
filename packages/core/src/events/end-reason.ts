import type { EndReason, ErrorCode } from "./stream-event.js";

/**
 * How a stream ended follows from the last error before the end, so it is derived in one place
 * rather than decided by each dialect: a re-encoded stream that carries the same errors ends the
 * same way when decoded again.
 */
export function deriveEndReason(lastError: ErrorCode | undefined): EndReason {
  if (lastError === undefined) return "done";
  if (lastError === "cut-off") return "cut-off";
  if (lastError === "aborted") return "aborted";
  return "error";
}
