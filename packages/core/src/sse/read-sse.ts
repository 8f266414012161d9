import { createParser, type EventSourceParser } from "eventsource-parser";
import type { FrameSink, Framer, WireMessage } from "./wire-message.js";

/**
 * Slack over the event-size limit for eventsource-parser's buffer guard: the guard counts the
 * raw incomplete line (`data: ` prefix included) plus the data gathered so far, which for an
 * event within the limit stays within limit + this.
 */
const GUARD_SLACK = 16;

/**
 * SSE framing on eventsource-parser: keeps `event:` names, `id:`s and comments.
 *
 * Bounded memory with a split-invariant limit takes two checks. An event that completes is
 * measured exactly when dispatched (data + name + id), whatever the chunking was. An event that
 * never completes within the limit is caught by the parser's own buffer guard (set slightly
 * above the limit, see GUARD_SLACK); we then skip its remaining bytes up to the next blank line,
 * so memory stays near the limit however large the event is, and the stream resumes at the same
 * event either way. `retry:` and unknown fields are ignored, as the SSE specification says.
 */
export class SseReader implements Framer {
  readonly #sink: FrameSink;
  readonly #max: number;
  readonly #parser: EventSourceParser;
  #overflowed = false;
  /** While skipping an oversized event: are we at the start of a line, and was the last char CR? */
  #skipping = false;
  #atLineStart = false;
  #lastCr = false;

  constructor(sink: FrameSink, maxEventSize: number) {
    this.#sink = sink;
    this.#max = maxEventSize;
    this.#parser = createParser({
      onEvent: (message: WireMessage) => {
        const size =
          message.data.length + (message.event?.length ?? 0) + (message.id?.length ?? 0);
        if (size > this.#max) this.#sink.tooLarge(size);
        else this.#sink.message(message);
      },
      onComment: (text) => {
        if (text.length > this.#max) this.#sink.tooLarge(text.length);
        else this.#sink.comment(text);
      },
      onError: (error) => {
        if (error.type === "max-buffer-size-exceeded") this.#overflowed = true;
      },
      maxBufferSize: maxEventSize + GUARD_SLACK,
    });
  }

  feed(text: string): void {
    if (this.#skipping) {
      const resume = this.#findBlankLine(text);
      if (resume === -1) return;
      this.#skipping = false;
      text = text.slice(resume);
    }
    this.#parser.feed(text);
    if (this.#overflowed) {
      this.#overflowed = false;
      this.#parser.reset();
      this.#sink.tooLarge(undefined);
      const last = text.charCodeAt(text.length - 1);
      this.#skipping = true;
      this.#atLineStart = last === 10 || last === 13;
      this.#lastCr = last === 13;
    }
  }

  end(): void {
    // An event without its closing blank line is discarded, as the SSE specification says; the
    // dialect then reports the stream as cut off, since its terminator cannot have been seen.
    this.#parser.reset();
    this.#skipping = false;
  }

  /** Index just past the next blank line, or -1 (state carries across chunks). */
  #findBlankLine(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 && this.#lastCr) {
        this.#lastCr = false; // the LF of a CRLF
        continue;
      }
      if (c === 10 || c === 13) {
        if (this.#atLineStart) return i + 1;
        this.#atLineStart = true;
        this.#lastCr = c === 13;
      } else {
        this.#atLineStart = false;
        this.#lastCr = false;
      }
    }
    return -1;
  }
}
