import type { ProxyLogEntry } from "@sse-dialects/proxy";
import { redactSecrets } from "@sse-dialects/proxy";

/**
 * One log line per request: time, method, path, status, the upstream's dialect, events decoded,
 * how the stream ended and how long the request took; the error, if any, last. Anything shaped
 * like a key is redacted again here, whatever the entry says.
 *
 * @example
 * ```ts
 * formatProxyLog(entry, new Date());
 * // "2025-01-01T00:00:00.000Z POST /v1/chat/completions 200 elumenta events=9 end=done 12ms stream\n"
 * ```
 */
export function formatProxyLog(
  entry: ProxyLogEntry,
  now: Date,
  secrets: readonly string[] = [],
): string {
  const parts = [
    now.toISOString(),
    entry.method,
    entry.path,
    String(entry.status),
    entry.dialect ?? "-",
    `events=${entry.events}`,
    `end=${entry.end ?? "-"}`,
    `${Math.round(entry.durationMs)}ms`,
    entry.stream ? "stream" : "collect",
  ];
  if (entry.error !== undefined) parts.push(`error=${JSON.stringify(entry.error)}`);
  return `${redactSecrets(parts.join(" "), secrets)}\n`;
}
