import { SseDialectsError } from "../errors/stream-error.js";

/**
 * SSE writing. `data` may hold several lines: each becomes its own `data:` field (a reader joins
 * them back with `\n`), so the payload survives any line terminator it contains. A `\r\n` in the
 * payload comes back as `\n`, which is all SSE can express.
 */
export interface SseFields {
  event?: string | undefined;
  data: string;
  id?: string | undefined;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** Formats one SSE event, ending with its blank line. */
export function formatSseEvent(fields: SseFields): string {
  let out = "";
  if (fields.event !== undefined) out += `event: ${singleLine(fields.event)}\n`;
  if (fields.id !== undefined) out += `id: ${singleLine(fields.id)}\n`;
  return out + formatSseData(fields.data);
}

/**
 * Formats a `data:` payload and the blank line. JSON from `JSON.stringify` never contains a raw
 * line break, so the common case is a single concatenation.
 */
export function formatSseData(data: string): string {
  if (data.indexOf("\n") === -1 && data.indexOf("\r") === -1) return `data: ${data}\n\n`;
  return `data: ${data.split(LINE_BREAK).join("\ndata: ")}\n\n`;
}

/** Formats a comment; a multi-line comment becomes one comment line per line. */
export function formatSseComment(text: string): string {
  return `: ${text.split(LINE_BREAK).join("\n: ")}\n`;
}

function singleLine(value: string): string {
  // A field value cannot hold a line break: what follows it would be read as another field.
  if (LINE_BREAK.test(value)) {
    throw new SseDialectsError(
      "misuse",
      `An SSE field value cannot contain a line break: ${JSON.stringify(value)}`,
    );
  }
  return value;
}
