import {
  type AnyDialect,
  createAutoDecoder,
  createStreamDecoder,
  type Emit,
  type EndReason,
  type ErrorEvent,
  failureOf,
  type StreamDecoder,
} from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import { redactErrorEvent } from "./redact-error-event.js";

/** Which dialect the upstream speaks, and how to read it. */
export interface UpstreamReadOptions {
  /** The upstream's dialect, or `"auto"` to detect it from the content type and first events. */
  from: AnyDialect | "auto";
  /** The dialects `"auto"` chooses among. Default: every dialect sse-dialects ships (`@sse-dialects/registry`). */
  dialects?: readonly AnyDialect[];
  /**
   * Silence from the upstream for this many milliseconds ends the stream with a `timeout` error
   * and cancels the upstream. The timer runs only while a chunk is awaited: a slow client is not
   * an idle upstream. Default: no timeout.
   */
  idleTimeoutMs?: number;
  /** Largest upstream event accepted, in characters (core's default: 4 MiB). */
  maxEventSize?: number;
  /**
   * Strings that must never reach the client (the proxy's key, secrets in its upstream URL).
   * Given, they and anything shaped like a key are removed from every error event's message
   * and `data`, where upstreams quote what they were sent. Default: errors are left as they are.
   */
  secrets?: readonly string[];
}

/** How one upstream stream went, for logs and metrics. */
export interface StreamSummary {
  /** The dialect decoded: the configured one, or the one detected (undefined if detection failed). */
  dialect: string | undefined;
  /** Normalized events decoded, the `end` event included. */
  events: number;
  /** How the stream ended; `aborted` when the client went away first. */
  end: EndReason;
  /** The last error of the stream, if any. */
  error: ErrorEvent | undefined;
}

/**
 * Pulls an upstream body through the decoder, on demand: nothing is read from the upstream until
 * the consumer asks for more, so a slow client holds the upstream back (backpressure) and memory
 * stays at one chunk plus one incomplete event.
 */
export interface EventPump {
  /**
   * Reads until the chunk read completed at least one event, or the stream ended. Resolves
   * false once the `end` event has been emitted. Never rejects: failures are error events.
   */
  next(): Promise<boolean>;
  /** The consumer went away: cancel the upstream and end the stream as `aborted`. */
  cancel(reason?: unknown): Promise<void>;
  /** What happened so far. */
  summary(): StreamSummary;
}

/**
 * Creates the pump for one upstream body; `emit` receives every normalized event in order,
 * ending with exactly one `end` event (also on failure, timeout or cancellation).
 *
 * @example
 * ```ts
 * const acc = new MessageAccumulator();
 * const pump = createEventPump(upstream.body, (event) => acc.push(event), { from: elumenta });
 * while (await pump.next()) {}
 * ```
 */
export function createEventPump(
  body: ReadableStream<Uint8Array> | null,
  emit: Emit,
  options: UpstreamReadOptions & { contentType?: string | undefined },
): EventPump {
  return new Pump(body ?? emptyBody(), emit, options);
}

function emptyBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.close() });
}

class Pump implements EventPump {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder: StreamDecoder & { readonly dialect?: AnyDialect | undefined };
  readonly #configured: AnyDialect | undefined;
  readonly #idleTimeoutMs: number | undefined;
  #events = 0;
  #end: EndReason | undefined;
  #error: ErrorEvent | undefined;
  /** The upstream body is finished with (read to its end, failed or cancelled). */
  #released = false;

  constructor(
    body: ReadableStream<Uint8Array>,
    emit: Emit,
    options: UpstreamReadOptions & { contentType?: string | undefined },
  ) {
    this.#reader = body.getReader();
    this.#idleTimeoutMs = options.idleTimeoutMs;
    const secrets = options.secrets;
    const counted: Emit = (event) => {
      this.#events++;
      if (event.type === "error") {
        const error = secrets === undefined ? event : redactErrorEvent(event, secrets);
        this.#error = error;
        emit(error);
        return;
      }
      if (event.type === "end") this.#end = event.reason;
      emit(event);
    };
    const decodeOptions =
      options.maxEventSize === undefined ? {} : { maxEventSize: options.maxEventSize };
    if (options.from === "auto") {
      this.#configured = undefined;
      this.#decoder = createAutoDecoder(options.dialects ?? dialects, counted, {
        ...decodeOptions,
        contentType: options.contentType,
      });
    } else {
      this.#configured = options.from;
      this.#decoder = createStreamDecoder(options.from, counted, decodeOptions);
    }
  }

  async next(): Promise<boolean> {
    const before = this.#events;
    while (this.#end === undefined && this.#events === before) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await this.#read();
      } catch (error) {
        this.#release(error);
        this.#decoder.close(failureOf(error));
        break;
      }
      if (result.done) {
        this.#released = true;
        this.#decoder.close();
        break;
      }
      this.#decoder.push(result.value);
    }
    // Detection failed (the auto decoder ended the stream early): reading on would only waste
    // the upstream's work.
    if (this.#end !== undefined)
      this.#release(new DOMException("The stream has ended", "AbortError"));
    return this.#end === undefined;
  }

  async cancel(reason?: unknown): Promise<void> {
    if (this.#end === undefined) {
      this.#decoder.close(failureOf(new DOMException(messageOf(reason), "AbortError")));
    }
    await this.#release(reason);
  }

  summary(): StreamSummary {
    return {
      dialect: (this.#configured ?? this.#decoder.dialect)?.name,
      events: this.#events,
      end: this.#end ?? "aborted",
      error: this.#error,
    };
  }

  #release(reason: unknown): Promise<void> {
    if (this.#released) return Promise.resolve();
    this.#released = true;
    // Cancelling the body of a fetch response aborts the request: the upstream sees its
    // connection close. A cancel that fails has nothing left to clean up.
    return this.#reader.cancel(reason).catch(() => {});
  }

  #read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    const ms = this.#idleTimeoutMs;
    if (ms === undefined) return this.#reader.read();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new DOMException(`No bytes arrived from the upstream for ${ms} ms`, "TimeoutError"));
      }, ms);
      this.#reader.read().then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}

function messageOf(reason: unknown): string {
  if (reason instanceof Error && reason.message !== "") return reason.message;
  if (typeof reason === "string" && reason !== "") return reason;
  return "The client went away";
}
