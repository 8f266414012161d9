import type { Dialect } from "./dialect.js";

/** How a wire frames messages: SSE events or NDJSON lines. */
export type Framing = Dialect["framing"];

/** Content types that name NDJSON (there is no registered one; these are the ones in use). */
const NDJSON_TYPES: ReadonlySet<string> = new Set([
  "application/x-ndjson",
  "application/ndjson",
  "application/jsonl",
  "application/x-jsonlines",
  "application/jsonlines",
]);

/**
 * The framing a content type names, or `undefined` when it names none (`application/json`,
 * `text/plain`, absent): then the bytes decide, see {@link sniffFraming}.
 *
 * @example
 * ```ts
 * framingOfContentType("text/event-stream; charset=utf-8"); // "sse"
 * framingOfContentType("application/x-ndjson"); // "ndjson"
 * ```
 */
export function framingOfContentType(contentType: string | undefined): Framing | undefined {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "text/event-stream") return "sse";
  if (type !== undefined && NDJSON_TYPES.has(type)) return "ndjson";
  return undefined;
}

/** SSE field names a stream may open with (a comment opens with `:`). */
const SSE_FIELDS = ["data", "event", "id", "retry"] as const;

/**
 * The framing the first non-blank characters of a stream show: `{` or `[` opens an NDJSON line;
 * `:` (a comment) or an SSE field name followed by `:` or a line end opens SSE. `undecided`
 * while the text seen so far is blank or a prefix of a field name; `unknown` for anything else.
 * It depends only on the text, not on how it was split, so detection stays split-invariant.
 *
 * @example
 * ```ts
 * sniffFraming('\n{"model":"llama3"'); // "ndjson"
 * sniffFraming("dat"); // "undecided"
 * sniffFraming("data: {}"); // "sse"
 * ```
 */
export function sniffFraming(text: string): Framing | "undecided" | "unknown" {
  const start = text.search(/[^\s\uFEFF]/);
  if (start === -1) return "undecided";
  const first = text[start];
  if (first === "{" || first === "[") return "ndjson";
  if (first === ":") return "sse";
  const name = /^[a-z]*/.exec(text.slice(start))![0];
  const after = text[start + name.length];
  if (after === undefined) {
    return SSE_FIELDS.some((field) => field.startsWith(name)) ? "undecided" : "unknown";
  }
  const fieldEnds = after === ":" || after === "\n" || after === "\r";
  return fieldEnds && (SSE_FIELDS as readonly string[]).includes(name) ? "sse" : "unknown";
}
