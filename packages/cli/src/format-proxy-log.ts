import type { GatewayLogEntry, ProxyLogEntry } from "@sse-dialects/proxy";
import { redactSecrets } from "@sse-dialects/proxy";

/**
 * One log line per request: time, method, path, status, the upstream's dialect, events decoded,
 * how the stream ended, how long the request took, streamed or collected; then, from a gateway,
 * the API served (`front=`), the upstream it went to (`upstream=`) and the request fields that
 * upstream could not take (`dropped=`, when any); the error, if any, last. Anything shaped like a
 * key is redacted again here, whatever the entry says.
 *
 * @example
 * ```ts
 * formatProxyLog(entry, new Date());
 * // "2025-01-01T00:00:00.000Z POST /v1/chat/completions 200 elumenta events=9 end=done 12ms stream
 * //  front=openai-chat upstream=default\n"
 * ```
 */
export function formatProxyLog(
  entry: ProxyLogEntry & Partial<Pick<GatewayLogEntry, "front" | "upstream" | "dropped">>,
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
  if (entry.front !== undefined) parts.push(`front=${word(entry.front)}`);
  if (entry.upstream !== undefined) parts.push(`upstream=${word(entry.upstream)}`);
  if (entry.dropped !== undefined && entry.dropped.length > 0)
    parts.push(`dropped=${entry.dropped.map(word).join(",")}`);
  if (entry.error !== undefined) parts.push(`error=${JSON.stringify(entry.error)}`);
  return `${redactSecrets(parts.join(" "), secrets)}\n`;
}

/**
 * A name as one word of the line: as it is when it is plain, else quoted as JSON — a dropped
 * field is named by the client's request, which must not be able to break or forge a line.
 */
function word(name: string): string {
  return /^[\w.:/[\]-]+$/.test(name) ? name : JSON.stringify(name);
}
