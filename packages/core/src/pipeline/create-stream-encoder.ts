import type { AnyDialect, Dialect, DialectEncoder, Write } from "../dialect/dialect.js";
import { SseDialectsError } from "../errors/stream-error.js";
import { deriveEndReason } from "../events/end-reason.js";
import type { ErrorCode, StreamEvent } from "../events/stream-event.js";

export interface EncodeOptions<DialectOptions = unknown> {
  /** Options of the dialect's encoder. */
  dialect?: DialectOptions;
}

/**
 * The synchronous encoding engine every pipeline shares: events → the dialect's encoder → text.
 * Call `flush` at the end of each batch of events; `close` ends the stream, adding the `end`
 * event if the events did not carry one, so the output always ends with the dialect's terminator.
 */
export interface StreamEncoder {
  push(event: StreamEvent): void;
  flush(): void;
  close(): void;
}

export function createStreamEncoder<O>(
  dialect: Dialect<unknown, O> | AnyDialect,
  write: Write,
  options: EncodeOptions<O> = {},
): StreamEncoder {
  return new EncoderEngine(dialect.createEncoder(write, options.dialect));
}

class EncoderEngine implements StreamEncoder {
  readonly #encoder: DialectEncoder;
  #ended = false;
  #lastError: ErrorCode | undefined;

  constructor(encoder: DialectEncoder) {
    this.#encoder = encoder;
  }

  push(event: StreamEvent): void {
    if (this.#ended) {
      throw new SseDialectsError("misuse", `An event (${event.type}) came after the end event`);
    }
    if (event.type === "error") this.#lastError = event.code;
    else if (event.type === "end") this.#ended = true;
    this.#encoder.encode(event);
  }

  flush(): void {
    this.#encoder.flush();
  }

  close(): void {
    if (!this.#ended) this.push({ type: "end", reason: deriveEndReason(this.#lastError) });
    this.#encoder.flush();
  }
}
