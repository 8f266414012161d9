import type { Detection } from "../dialect/dialect.js";
import { JsonArrayReader } from "../json-array/read-json-array.js";
import { NdjsonReader } from "../ndjson/read-ndjson.js";
import { SseReader } from "../sse/read-sse.js";
import type { Framer, FrameSink } from "./wire-message.js";

/**
 * How a wire frames its messages: SSE events, NDJSON lines, the elements of one streamed JSON
 * array, or a dialect's own. A dialect names its framing; core reads the bytes with it, and
 * detection asks each installed framing whether a stream is its own.
 */
export interface Framing {
  /** A short stable name (`sse`, `ndjson`, `json-array`). */
  readonly name: string;
  /** Content types that name this framing: lowercase, without parameters. */
  readonly contentTypes: readonly string[];
  /**
   * Whether a stream whose text starts with `start` (everything seen so far, from the first
   * character) is framed this way: `undecided` while `start` is too short to tell. It must depend
   * on the text only, not on how it was split, so that detection stays split-invariant.
   */
  sniff(start: string): Detection;
  /** A framer for one stream: messages over `maxEventSize` characters go to `sink.tooLarge`. */
  createFramer(sink: FrameSink, maxEventSize: number): Framer;
  /**
   * Whether the wire has comments a client ignores (SSE's `:` lines): where an encoder's drop
   * report may be written into the stream when the caller asks for it.
   */
  readonly comments: boolean;
}

/** The first character that is not white space or a byte-order mark, and its position. */
function firstSignificant(text: string): number {
  return text.search(/[^\s\uFEFF]/);
}

/** SSE field names a stream may open with (a comment opens with `:`). */
const SSE_FIELDS = ["data", "event", "id", "retry"] as const;

/**
 * Server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html), on
 * eventsource-parser: `event:` names, `id:`s and comments kept.
 */
export const sseFraming: Framing = {
  name: "sse",
  contentTypes: ["text/event-stream"],
  comments: true,
  // A comment (`:`) or a field name followed by `:` or a line end opens SSE.
  sniff(text) {
    const start = firstSignificant(text);
    if (start === -1) return "undecided";
    if (text[start] === ":") return "yes";
    const name = /^[a-z]*/.exec(text.slice(start))![0];
    const after = text[start + name.length];
    if (after === undefined) {
      return SSE_FIELDS.some((field) => field.startsWith(name)) ? "undecided" : "no";
    }
    const fieldEnds = after === ":" || after === "\n" || after === "\r";
    return fieldEnds && (SSE_FIELDS as readonly string[]).includes(name) ? "yes" : "no";
  },
  createFramer: (sink: FrameSink, max: number) => new SseReader(sink, max),
};

/**
 * Newline-delimited JSON (Ollama): one JSON object per line. There is no registered content
 * type; these are the ones in use.
 */
export const ndjsonFraming: Framing = {
  name: "ndjson",
  contentTypes: [
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/jsonlines",
  ],
  comments: false,
  sniff(text) {
    const start = firstSignificant(text);
    if (start === -1) return "undecided";
    return text[start] === "{" ? "yes" : "no";
  },
  createFramer: (sink: FrameSink, max: number) => new NdjsonReader(sink, max),
};

/**
 * One JSON array streamed element by element (Gemini's `streamGenerateContent` without
 * `alt=sse`): each element is a message the moment it closes. Its content type,
 * `application/json`, names no streaming framing, so the bytes decide (`[`).
 */
export const jsonArrayFraming: Framing = {
  name: "json-array",
  contentTypes: [],
  comments: false,
  sniff(text) {
    const start = firstSignificant(text);
    if (start === -1) return "undecided";
    return text[start] === "[" ? "yes" : "no";
  },
  createFramer: (sink: FrameSink, max: number) => new JsonArrayReader(sink, max),
};

/** The bare media type of a `Content-Type` value: lowercase, parameters cut. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/**
 * The framing among `framings` that a content type names, or `undefined` when it names none
 * (`application/json`, `text/plain`, absent): then the bytes decide, through each `sniff`.
 *
 * @example
 * ```ts
 * framingOfContentType("text/event-stream; charset=utf-8", [sseFraming, ndjsonFraming]); // sseFraming
 * ```
 */
export function framingOfContentType(
  contentType: string | undefined,
  framings: readonly Framing[],
): Framing | undefined {
  const type = mediaType(contentType);
  if (type === undefined) return undefined;
  return framings.find((framing) => framing.contentTypes.includes(type));
}

/** The distinct framings of some dialects, in their order (one per name). */
export function framingsOf(dialects: readonly { framing: Framing }[]): Framing[] {
  const out: Framing[] = [];
  for (const { framing } of dialects) {
    if (!out.some((f) => f.name === framing.name)) out.push(framing);
  }
  return out;
}

export type { Framer, FrameSink };
