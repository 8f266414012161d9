/**
 * The client headers passed to the upstream by default: request tracing and identification,
 * nothing that authenticates or configures. An allow-list rather than a deny-list because
 * providers keep inventing credential headers (`x-goog-api-key`, `anthropic-api-key`,
 * `openai-organization`…): a header nobody listed is one the upstream does not get.
 * Hop-by-hop headers (RFC 9110 §7.6.1) are never on it.
 */
export const FORWARDED_HEADERS: readonly string[] = [
  "user-agent",
  "accept-language",
  "x-request-id",
  "x-correlation-id",
  // W3C Trace Context (https://www.w3.org/TR/trace-context/).
  "traceparent",
  "tracestate",
];

/**
 * Credentials and account selectors a client may send: OpenAI's `authorization`,
 * `openai-organization` and `openai-project`, Azure's `api-key`, Anthropic's and others'
 * `x-api-key`, Google's `x-goog-api-key`. They authenticate the client to the proxy; they reach
 * the upstream only with `forwardAuthorization` (the CLI's `--forward-authorization`).
 */
export const CREDENTIAL_HEADERS: readonly string[] = [
  "authorization",
  "api-key",
  "x-api-key",
  "x-goog-api-key",
  "anthropic-api-key",
  "openai-organization",
  "openai-project",
];

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1, and the older ones
 * proxies still see), or that the proxy sets itself: never forwarded, even when listed in
 * `allow` — a proxy must not pass them on.
 */
const NEVER_FORWARDED: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "content-encoding",
  "content-type",
  "accept",
  "accept-encoding",
  "cookie",
  "expect",
]);

/** Which client headers {@link forwardableHeaders} passes on. */
export interface ForwardOptions {
  /** Also pass the client's {@link CREDENTIAL_HEADERS}. Default false. */
  credentials?: boolean;
  /** More header names to pass, beyond {@link FORWARDED_HEADERS} (case-insensitive). */
  allow?: readonly string[];
}

/**
 * The headers of a client request to pass to the upstream: those on {@link FORWARDED_HEADERS}
 * and `allow`, plus the {@link CREDENTIAL_HEADERS} when `credentials` is true — never a
 * hop-by-hop header, one the `Connection` header names, or one the proxy sets itself (`host`,
 * lengths, encodings, `cookie`).
 *
 * @example
 * ```ts
 * forwardableHeaders(new Headers({ "x-request-id": "r1", "x-goog-api-key": "AIza…", "x-debug": "1" }));
 * // Headers { "x-request-id": "r1" }
 * forwardableHeaders(headers, { credentials: true, allow: ["x-debug"] });
 * // Headers { "x-request-id": "r1", "x-goog-api-key": "AIza…", "x-debug": "1" }
 * ```
 */
export function forwardableHeaders(headers: Headers, options: ForwardOptions = {}): Headers {
  const named = new Set(
    (headers.get("connection") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ""),
  );
  const allowed = new Set(FORWARDED_HEADERS);
  for (const name of options.allow ?? []) allowed.add(name.toLowerCase());
  if (options.credentials === true) for (const name of CREDENTIAL_HEADERS) allowed.add(name);
  const out = new Headers();
  headers.forEach((value, name) => {
    if (!allowed.has(name) || NEVER_FORWARDED.has(name) || named.has(name)) return;
    out.set(name, value);
  });
  return out;
}
