import { type Framer, type FrameSink, type Framing, ndjsonFraming } from "@sse-dialects/core";

/**
 * NDJSON as Ollama writes it: every line, the last one included, ends with `\n`. A last line
 * the stream cut before its newline is an object Ollama never finished writing: it is discarded
 * (the missing `done: true` line makes the stream a cut-off, which says it), instead of being
 * read as JSON that fails. Core's reader holds that text until its newline, and reports and
 * skips a line over the limit, so memory stays within the limit; at the end its held text is
 * simply not read (core's `end` would read it as a line). The text goes through untouched: no
 * copy per read.
 */
class OllamaFramer implements Framer {
  readonly #inner: Framer;

  constructor(sink: FrameSink, max: number) {
    this.#inner = ndjsonFraming.createFramer(sink, max);
  }

  feed(text: string): void {
    this.#inner.feed(text);
  }

  end(): void {
    // Not `this.#inner.end()`: what it holds is the unterminated last line, discarded.
  }
}

/**
 * Ollama's framing: core's NDJSON (`application/x-ndjson`), with an unterminated last line
 * discarded.
 *
 * @example
 * ```ts
 * decodeAll('{"model":"m","message":{"role":"assistant","content":"Hi"},"done":false}\n{"mod', ollama);
 * // metadata, role, text-delta "Hi", then the cut-off error: the half line is not read
 * ```
 */
export const ollamaFraming: Framing = {
  ...ndjsonFraming,
  createFramer: (sink, max) => new OllamaFramer(sink, max),
};
