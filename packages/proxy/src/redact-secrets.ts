/** Shown instead of a secret. */
export const REDACTED = "[redacted]";

/**
 * Key-shaped strings, whoever's they are: a bearer token, OpenAI-style `sk-…`, Elumenta's
 * `nb_…`, and `key=`/`api_key=`/`token=` query parameters (Gemini puts its key in the URL).
 */
const KEY_PATTERNS: readonly RegExp[] = [
  /(Bearer\s+)[^\s"',;]+/gi,
  /\b(?:sk|nb|pk|rk)[-_][A-Za-z0-9_-]{6,}/g,
  /([?&](?:key|api_key|apikey|token|access_token)=)[^&#\s"']+/gi,
];

/**
 * Removes secrets from text before it is logged or shown to a client: each of `secrets`
 * verbatim (the configured key), and anything shaped like a key.
 *
 * @example
 * ```ts
 * redactSecrets("Incorrect API key provided: sk-abc123456789", []);
 * // "Incorrect API key provided: [redacted]"
 * ```
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would redact ordinary words; real keys are long.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (_, prefix: string | number) =>
      typeof prefix === "string" ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return out;
}
