import { thrownMessage } from "@sse-dialects/core";
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
    const { message } = thrownMessage(current);
    const code = ownField(current, "code");
    const text =
      typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
    if (text !== "" && text !== "fetch failed") messages.push(text);
    current = ownField(current, "cause");
  }
  return messages.length === 0 ? thrownMessage(error).message : messages.join("; ");
}

/** A field of a thrown error, or `undefined` when reading it throws. */
function ownField(error: Error, key: "code" | "cause"): unknown {
  try {
    return (error as { code?: unknown; cause?: unknown })[key];
  } catch {
    return undefined;
  }
}
