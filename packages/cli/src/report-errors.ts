import type { ErrorEvent } from "@sse-dialects/core";

/**
 * The line written to standard error for an error in the stream: its code, then its message.
 *
 * @example
 * ```ts
 * describeError({ type: "error", code: "cut-off", message: "ended early" });
 * // "sse-dialects: cut-off: ended early\n"
 * ```
 */
export function describeError(event: ErrorEvent): string {
  return `sse-dialects: ${event.code}: ${event.message}\n`;
}
