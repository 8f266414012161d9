import {
  type Framer,
  type FrameSink,
  type Framing,
  jsonArrayFraming,
  sseFraming,
} from "@sse-dialects/core";

const LF = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** The first character that is not white space or a byte-order mark. */
function firstSignificant(text: string): number {
  return text.search(/[^\s\uFEFF]/);
}

/**
 * SSE as Gemini sends it with `?alt=sse`, plus the one thing that is not SSE in it: a raw
 * (often pretty-printed) JSON object written at the start of a line after the last event, which
 * gateways and Google's front ends send for a failure on a 200 response. An SSE reader would
 * read its lines as unknown fields and drop them in silence; from the first line that opens with
 * `{` on, the rest is read as top-level JSON values instead (core's JSON-array reader reads a
 * body that does not open with `[` that way). SSE fields never start with `{`, so nothing that
 * is SSE is lost, and the switch depends on the text only, not on how it was split.
 */
class SseThenJsonFramer implements Framer {
  readonly #sink: FrameSink;
  readonly #max: number;
  readonly #sse: Framer;
  #json: Framer | undefined;
  #atLineStart = true;

  constructor(sink: FrameSink, max: number) {
    this.#sink = sink;
    this.#max = max;
    this.#sse = sseFraming.createFramer(sink, max);
  }

  feed(text: string): void {
    if (text.length === 0) return;
    if (this.#json !== undefined) {
      this.#json.feed(text);
      return;
    }
    const at = this.#rawJsonStart(text);
    this.#atLineStart = isLineEnd(text.charCodeAt(text.length - 1));
    if (at === -1) {
      this.#sse.feed(text);
      return;
    }
    if (at > 0) this.#sse.feed(text.slice(0, at));
    // The text before ends with a line end: an event whose blank line never came is dispatched.
    this.#sse.end();
    this.#json = jsonArrayFraming.createFramer(this.#sink, this.#max);
    this.#json.feed(text.slice(at));
  }

  end(): void {
    if (this.#json !== undefined) this.#json.end();
    else this.#sse.end();
  }

  /** Where a line opening with `{` starts in `text`, or -1. */
  #rawJsonStart(text: string): number {
    if (this.#atLineStart && text.charCodeAt(0) === OPEN_BRACE) return 0;
    const lf = text.indexOf("\n{");
    const cr = text.indexOf("\r{");
    if (lf === -1 && cr === -1) return -1;
    return (lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr)) + 1;
  }
}

function isLineEnd(c: number): boolean {
  return c === LF || c === CR;
}

/**
 * Waits for the first significant character, then hands everything to the framer it names:
 * `[` is the streamed JSON array of `streamGenerateContent` without `alt=sse`; `{` a body that
 * is one bare JSON object (an error in place of the stream); anything else SSE.
 */
class GeminiFramer implements Framer {
  readonly #sink: FrameSink;
  readonly #max: number;
  #framer: Framer | undefined;

  constructor(sink: FrameSink, max: number) {
    this.#sink = sink;
    this.#max = max;
  }

  feed(text: string): void {
    if (this.#framer !== undefined) {
      this.#framer.feed(text);
      return;
    }
    const start = firstSignificant(text);
    // White space (and a BOM) before it carries nothing in either framing: not kept.
    if (start === -1) return;
    const c = text.charCodeAt(start);
    this.#framer =
      c === OPEN_BRACKET || c === OPEN_BRACE
        ? jsonArrayFraming.createFramer(this.#sink, this.#max)
        : new SseThenJsonFramer(this.#sink, this.#max);
    this.#framer.feed(text.slice(start));
  }

  end(): void {
    this.#framer?.end();
  }
}

/**
 * Gemini's framing: `streamGenerateContent?alt=sse` answers with SSE
 * (`data: <GenerateContentResponse>` events, no names, no terminator), and without `alt=sse`
 * with one JSON array streamed element by element
 * (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent). Both
 * decode to the same messages, so one dialect reads either: the first significant character
 * decides. It is named `sse`, the framing detection meets it under when the content type is
 * `text/event-stream`.
 *
 * @example
 * ```ts
 * import { decodeAll } from "@sse-dialects/core";
 * import { gemini } from "@sse-dialects/gemini";
 *
 * decodeAll('[{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"}}]}]', gemini);
 * decodeAll('data: {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"}}]}\r\n\r\n', gemini);
 * // the same events
 * ```
 */
export const geminiFraming: Framing = {
  name: sseFraming.name,
  contentTypes: sseFraming.contentTypes,
  comments: true,
  // Everything its framer reads: SSE, the JSON array, and a bare JSON object (Google's error in
  // place of the stream). Detection asks every dialect whose framing claims the start, so an
  // NDJSON stream is still Ollama's: Gemini's detector does not claim Ollama's lines.
  sniff(text) {
    const start = firstSignificant(text);
    if (start !== -1) {
      const c = text.charCodeAt(start);
      if (c === OPEN_BRACKET || c === OPEN_BRACE) return "yes";
    }
    return sseFraming.sniff(text);
  },
  createFramer: (sink, max) => new GeminiFramer(sink, max),
};
