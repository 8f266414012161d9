/**
 * One message of a dialect's framing: an SSE event (its `event:` name, `data:` joined by `\n`,
 * and `id:`), or one NDJSON line as `data`.
 */
export interface WireMessage {
  event?: string | undefined;
  data: string;
  id?: string | undefined;
}

/** Where a framer delivers what it reads. */
export interface FrameSink {
  message(message: WireMessage): void;
  comment(text: string): void;
  /** An event, line or comment over the limit was skipped. */
  tooLarge(): void;
}

/** A framer turns decoded text into wire messages. */
export interface Framer {
  feed(text: string): void;
  /** End of input. */
  end(): void;
}

/** The default limit on one event's size, in characters. */
export const DEFAULT_MAX_EVENT_SIZE = 4 * 1024 * 1024;
