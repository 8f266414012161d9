/** Shown instead of a secret. */
export const REDACTED = "[redacted]";

/** Shorter values would redact ordinary words; real keys are long. */
const MIN_SECRET_LENGTH = 8;

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
 * The forms in which each secret can appear in what the proxy writes: as it is, and escaped
 * inside a JSON string (a key with a `"` or `\` in it is written escaped in an SSE chunk).
 */
function formsOf(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first: a secret that contains another is removed whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Removes each of `secrets` verbatim (and JSON-escaped) from text, and nothing else: safe on a
 * model's content, where a key-shaped word may be legitimate. Cheap when nothing matches (one
 * `includes` per secret), so it runs on every batch of bytes the proxy writes.
 *
 * @example
 * ```ts
 * const redact = verbatimRedactor(["my-long-secret-value"]);
 * redact('data: {"content":"my-long-secret-value sk-notmine"}');
 * // 'data: {"content":"[redacted] sk-notmine"}'
 * ```
 */
export function verbatimRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = formsOf(secrets);
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}

/**
 * Removes secrets from text before it is logged or shown to a client as an error: each of
 * `secrets` verbatim (the configured key), and anything shaped like a key.
 *
 * @example
 * ```ts
 * redactSecrets("Incorrect API key provided: sk-abc123456789", []);
 * // "Incorrect API key provided: [redacted]"
 * ```
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = verbatimRedactor(secrets)(text);
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (_, prefix: string | number) =>
      typeof prefix === "string" ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return out;
}
