/**
 * Hop-by-hop headers (RFC 9110 §7.6.1, and the older ones proxies still see) describe one
 * connection, not the message: a proxy must not pass them on.
 */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Headers the proxy sets itself (or must not copy): the body is re-made, so its length and
 * encoding are not the client's; `host` names the proxy; credentials and cookies are the
 * client's business with the proxy, not with the upstream.
 */
const NEVER_FORWARDED: ReadonlySet<string> = new Set([
  "host",
  "content-length",
  "content-encoding",
  "content-type",
  "accept",
  "accept-encoding",
  "cookie",
  "expect",
]);

/**
 * Credentials a client may send: OpenAI's `authorization`, Azure's `api-key`, Anthropic's and
 * others' `x-api-key`. They authenticate the client to the proxy; the upstream gets the proxy's
 * own key unless the configuration says to pass the client's on.
 */
export const CREDENTIAL_HEADERS: readonly string[] = ["authorization", "api-key", "x-api-key"];
const CREDENTIALS: ReadonlySet<string> = new Set(CREDENTIAL_HEADERS);

/**
 * The headers of a client request worth passing to the upstream: everything end-to-end, minus
 * hop-by-hop headers (including those the `Connection` header names), minus what the proxy sets
 * itself (`host`, lengths and encodings) or keeps to itself (`cookie`, and the client's
 * credentials unless `credentials` is true).
 *
 * @example
 * ```ts
 * forwardableHeaders(new Headers({ connection: "keep-alive, x-trace", "x-trace": "1", "x-request-id": "r1" }));
 * // Headers { "x-request-id": "r1" }
 * ```
 */
export function forwardableHeaders(headers: Headers, credentials = false): Headers {
  const named = new Set(
    (headers.get("connection") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ""),
  );
  const out = new Headers();
  headers.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || NEVER_FORWARDED.has(name) || named.has(name)) return;
    if (!credentials && CREDENTIALS.has(name)) return;
    out.set(name, value);
  });
  return out;
}
