import { SseDialectsError } from "@sse-dialects/core";

/** Query parameters that carry a credential (Gemini's `?key=`, signed URLs' tokens). */
const SECRET_PARAMS = /key|token|secret|signature|sig|auth|password/i;

/** The upstream endpoint, checked, and the secrets its URL carries. */
export interface CheckedUpstream {
  url: URL;
  /** Values of credential-like query parameters, to redact wherever they might be echoed. */
  secrets: string[];
}

/**
 * Checks the configured upstream endpoint when the proxy is made, so a configuration that
 * cannot work fails at start-up rather than on every request: it must be an `http:` or `https:`
 * URL, and must not carry credentials in its user-info (`http://user:pass@host/…`), which fetch
 * refuses and whose refusal message quotes them. The error never repeats the credentials.
 *
 * @example
 * ```ts
 * checkUpstreamUrl("https://generativelanguage.googleapis.com/v1beta/models/m:streamGenerateContent?alt=sse&key=AIza…");
 * // { url: URL {…}, secrets: ["AIza…"] }
 * checkUpstreamUrl("ftp://example.com/x"); // throws SseDialectsError("misuse", …)
 * ```
 */
export function checkUpstreamUrl(upstream: string | URL): CheckedUpstream {
  let url: URL;
  try {
    url = new URL(String(upstream));
  } catch {
    throw new SseDialectsError("misuse", "The upstream is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SseDialectsError(
      "misuse",
      `The upstream must be an http: or https: URL, not ${url.protocol}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new SseDialectsError(
      "misuse",
      `The upstream URL must not carry credentials (user:password@${url.host}): give the key with apiKeyEnv instead`,
    );
  }
  const secrets: string[] = [];
  url.searchParams.forEach((value, name) => {
    if (SECRET_PARAMS.test(name) && value !== "") secrets.push(value);
  });
  return { url, secrets };
}
