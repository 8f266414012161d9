import type { ErrorEvent, JsonValue } from "@sse-dialects/core";
import { redactSecrets } from "./redact-secrets.js";

/**
 * An error event with secrets removed from its message and from every string of its `data`
 * (keys included): an upstream's error may quote the key it was sent, and an `invalid-event` or
 * `invalid-json` error carries the upstream's raw payload as `data`. Both the configured
 * secrets and anything shaped like a key go: an error is no place for either.
 *
 * @example
 * ```ts
 * redactErrorEvent({ type: "error", code: "provider-error", message: "Your key Zq8x… is invalid" }, ["Zq8x…"]);
 * // { type: "error", code: "provider-error", message: "Your key [redacted] is invalid" }
 * ```
 */
export function redactErrorEvent(event: ErrorEvent, secrets: readonly string[]): ErrorEvent {
  const redact = (text: string) => redactSecrets(text, secrets);
  const out: ErrorEvent = { ...event, message: redact(event.message) };
  if (event.data !== undefined) out.data = redactJson(event.data, redact);
  return out;
}

function redactJson(value: JsonValue, redact: (text: string) => string): JsonValue {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) out[redact(key)] = redactJson(item, redact);
  return out;
}
