import type { Framer, FrameSink } from "../framing/wire-message.js";

/**
 * Line-delimited JSON framing (Ollama): one message per line, `\n` or `\r\n`, blank lines
 * ignored. A line longer than the limit is reported once and skipped up to its end, so memory
 * stays within the limit; a last line without a newline is still a line.
 */
export class NdjsonReader implements Framer {
  readonly #sink: FrameSink;
  readonly #max: number;
  #partial = "";
  #skipping = false;

  constructor(sink: FrameSink, maxEventSize: number) {
    this.#sink = sink;
    this.#max = maxEventSize;
  }

  feed(text: string): void {
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      if (this.#skipping) {
        this.#skipping = false;
      } else {
        const line =
          this.#partial === ""
            ? text.slice(start, newline)
            : this.#partial + text.slice(start, newline);
        this.#partial = "";
        this.#line(line);
      }
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (this.#skipping || start === text.length) return;
    const rest = text.length - start;
    if (this.#partial.length + rest > this.#max + 1) {
      // +1: the line may end with the `\r` of a CRLF whose `\n` is still to come.
      this.#partial = "";
      this.#skipping = true;
      this.#sink.tooLarge();
      return;
    }
    this.#partial += text.slice(start);
  }

  end(): void {
    if (!this.#skipping && this.#partial !== "") this.#line(this.#partial);
    this.#partial = "";
    this.#skipping = false;
  }

  #line(raw: string): void {
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    if (line.length > this.#max) this.#sink.tooLarge();
    else this.#sink.message({ data: line });
  }
}
