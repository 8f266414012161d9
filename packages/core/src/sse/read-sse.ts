import { createParser, type EventSourceParser } from "eventsource-parser";
import type { Framer, FrameSink, WireMessage } from "../framing/wire-message.js";

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
 * above the limit, see GUARD_SLACK); we then skip its remaining bytes up to the next blank line
 * (for a comment, to the end of its line), so memory stays near the limit however large the
 * event is, and the stream resumes at the same place either way. One case stays outside that
 * promise: a comment line within the limit inside an event whose data, with it, passes the
 * limit trips the guard and loses that event; providers send comments between events. `retry:` and unknown fields are ignored, as the SSE specification says.
 */
export class SseReader implements Framer {
  readonly #sink: FrameSink;
  readonly #max: number;
  readonly #parser: EventSourceParser;
  #overflowed = false;
  /**
   * While skipping an oversized event: to the end of the line (an oversized comment line) or to
   * the next blank line (an oversized event); are we at the start of a line; was the last char CR?
   */
  #skipping: "line" | "event" | false = false;
  #atLineStart = false;
  #lastCr = false;
  /** The last character fed (see `end`). */
  #lastChar = -1;
  /** The first character of the line still incomplete, -1 if none or not yet seen. */
  #lineFirst = -1;

  constructor(sink: FrameSink, maxEventSize: number) {
    this.#sink = sink;
    this.#max = maxEventSize;
    this.#parser = createParser({
      onEvent: (message: WireMessage) => {
        const size = message.data.length + (message.event?.length ?? 0) + (message.id?.length ?? 0);
        if (size > this.#max) this.#sink.tooLarge();
        else this.#sink.message(message);
      },
      onComment: (text) => {
        if (text.length > this.#max) this.#sink.tooLarge();
        else this.#sink.comment(text);
      },
      onError: (error) => {
        if (error.type === "max-buffer-size-exceeded") this.#overflowed = true;
      },
      maxBufferSize: maxEventSize + GUARD_SLACK,
    });
  }

  feed(text: string): void {
    if (text.length === 0) return;
    this.#lastChar = text.charCodeAt(text.length - 1);
    if (this.#skipping !== false) {
      const resume = this.#findResume(text);
      if (resume === -1) return;
      this.#skipping = false;
      this.#lineFirst = -1; // skipping ends at a line end: what follows starts a line
      text = text.slice(resume);
    }
    this.#parser.feed(text);
    this.#trackLineStart(text);
    if (this.#overflowed) {
      this.#overflowed = false;
      this.#parser.reset();
      this.#sink.tooLarge();
      // A comment is a line of its own; anything else belongs to an event that ends at a blank line.
      this.#skipping = this.#lineFirst === 58 ? "line" : "event";
      this.#atLineStart = this.#lastChar === 10 || this.#lastChar === 13;
      this.#lastCr = this.#lastChar === 13;
    }
  }

  /**
   * Remembers how the incomplete line at the end of `text` starts. The scan runs back from the
   * end only over that line, so it costs nothing when chunks end at a line end (the usual case).
   */
  #trackLineStart(text: string): void {
    if (this.#lastChar === 10 || this.#lastChar === 13) {
      this.#lineFirst = -1;
      return;
    }
    let i = text.length - 1;
    for (; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) break;
    }
    if (i >= 0) this.#lineFirst = text.charCodeAt(i + 1);
    else if (this.#lineFirst === -1) this.#lineFirst = text.charCodeAt(0);
  }

  end(): void {
    if (this.#skipping === false) {
      // A CR at the very end is held by the parser in case an LF follows; the input is over, so
      // it is a line end, and an LF makes the parser see it as one (a CRLF is one line end, so
      // this adds none).
      if (this.#lastChar === 13) this.#parser.feed("\n");
      // An event whose last line is complete but whose closing blank line never came (real
      // recordings end `data: [DONE]\n`) is dispatched: the end of the input ends it, and
      // nothing received whole is lost. The SSE specification discards it, but a stream's end
      // is not a reconnect. A last line cut before its line end is still discarded.
      if (this.#lastChar === 10 || this.#lastChar === 13) this.#parser.feed("\n");
    }
    this.#parser.reset();
    this.#skipping = false;
    this.#lineFirst = -1;
  }

  /** Index just past where skipping ends (a line end, or a blank line), or -1; state carries across chunks. */
  #findResume(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#skipping === "line" && (c === 10 || c === 13)) return i;
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
