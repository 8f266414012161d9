/**
 * Why a fetch failed, for the client: undici's `fetch failed` says nothing, its `cause` says
 * what happened (`ECONNREFUSED`, `ENOTFOUND`, a TLS failure), down a short chain of causes.
 * The caller redacts it.
 *
 * @example
 * ```ts
 * describeFetchFailure(new TypeError("fetch failed", { cause: connectError }));
 * // "connect ECONNREFUSED 127.0.0.1:9"
 * ```
 */
export function describeFetchFailure(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    const text =
      typeof code === "string" && !current.message.includes(code)
        ? `${code}: ${current.message}`
        : current.message;
    if (text !== "" && text !== "fetch failed") messages.push(text);
    current = current.cause;
  }
  return messages.length === 0 ? String(error) : messages.join("; ");
}
