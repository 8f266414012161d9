import { type Framer, type FrameSink, type Framing, ndjsonFraming } from "@sse-dialects/core";

/**
 * NDJSON as Ollama writes it: every line, the last one included, ends with `\n`. A last line
 * the stream cut before its newline is an object Ollama never finished writing: it is discarded
 * (the missing `done: true` line makes the stream a cut-off, which says it), instead of being
 * read as JSON that fails. Lines are held only until their newline, and a line over the limit
 * goes on to core's reader, which reports and skips it, so memory stays within the limit.
 */
class OllamaFramer implements Framer {
  readonly #inner: Framer;
  readonly #max: number;
  /** Text after the last newline, not yet passed on. */
  #tail = "";

  constructor(sink: FrameSink, max: number) {
    this.#inner = ndjsonFraming.createFramer(sink, max);
    this.#max = max;
  }

  feed(text: string): void {
    const newline = text.lastIndexOf("\n");
    if (newline === -1) {
      this.#tail += text;
      if (this.#tail.length > this.#max + 1) {
        // Too long to be a line anyway: core's reader reports it and skips to its end.
        this.#inner.feed(this.#tail);
        this.#tail = "";
      }
      return;
    }
    const head =
      this.#tail === "" ? text.slice(0, newline + 1) : this.#tail + text.slice(0, newline + 1);
    this.#tail = text.slice(newline + 1);
    this.#inner.feed(head);
  }

  end(): void {
    this.#tail = "";
    this.#inner.end();
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
