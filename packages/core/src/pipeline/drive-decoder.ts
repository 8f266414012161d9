import type { Emit } from "../dialect/dialect.js";
import type { StreamEvent } from "../events/stream-event.js";
import type { StreamDecoder } from "./create-stream-decoder.js";
import { failureOf } from "./failure-of.js";

/** Anything that yields bytes or text: a `ReadableStream`, a Node stream, an async generator. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/**
 * Runs a synchronous decoder over an async byte source and yields its events: the one loop
 * behind `decode`, `decodeAuto` and the client. Events completed by a chunk are yielded before
 * the next chunk is read. A source that throws does not throw here: the stream ends with the
 * error event for it (`network-error`, `aborted`, `timeout`, see `failureOf`) after everything
 * received before it. Once the decoder has emitted `end` (a failed detection ends a stream
 * early) the source is not read on; breaking out of the loop cancels it.
 *
 * @example
 * ```ts
 * const events = driveDecoder(response.body!, (emit) => createStreamDecoder(openai, emit));
 * for await (const event of events) console.log(event);
 * ```
 */
export function driveDecoder(
  source: ByteSource,
  open: (emit: Emit) => StreamDecoder,
): AsyncGenerator<StreamEvent, void, undefined> {
  return new DecodedEvents(source, open);
}

type Chunk = Uint8Array | string;
type Result = IteratorResult<StreamEvent, void>;

const DONE: Result = Object.freeze({ value: undefined, done: true });

/** How the source is read: a `ReadableStream`'s own reader, or any async iterator. */
interface Reader {
  read(): Promise<IteratorResult<Chunk, unknown>>;
  cancel(): Promise<unknown>;
}

function readerOf(source: ByteSource): Reader {
  // A ReadableStream is read through its reader: its async iterator wraps every read in one
  // more promise and state machine, per chunk.
  if (source instanceof ReadableStream) {
    const reader = (source as ReadableStream<Chunk>).getReader();
    return {
      read: () => reader.read() as Promise<IteratorResult<Chunk, unknown>>,
      cancel: () => reader.cancel(),
    };
  }
  const iterator = source[Symbol.asyncIterator]();
  return {
    read: () => iterator.next(),
    cancel: async () => iterator.return?.(),
  };
}

/**
 * The events as a hand-written async iterator, not an `async function*`. An async generator
 * costs several promise jobs per `yield` (the yielded value is awaited, then the request queue
 * resolved); here an event that is already decoded costs one resolved promise, and a read of the
 * source one `then` on the reader's own promise, so `decode(body)` stays near the synchronous
 * engine. The contract is an async generator's: calls to `next` are answered in order (a call
 * made while a read is in flight waits for it, then asks again), `return` (a `break` in
 * `for await`) cancels the source, and once done it stays done.
 */
class DecodedEvents implements AsyncGenerator<StreamEvent, void, undefined> {
  readonly #source: ByteSource;
  readonly #open: (emit: Emit) => StreamDecoder;
  #reader: Reader | undefined;
  #decoder: StreamDecoder | undefined;
  /** Decoded events not yet handed out: `#queue[#head]` onwards. */
  readonly #queue: StreamEvent[] = [];
  #head = 0;
  /** The decoder emitted `end`: nothing more is read. */
  #ended = false;
  /** Nothing more will be handed out once the queue is empty. */
  #finished = false;
  /**
   * The read (or the cancelling) in flight, which calls made meanwhile wait for; it never
   * rejects. Cleared before the call that started it resumes, so that call's next `next` takes
   * the fast path.
   */
  #running: Promise<void> | undefined;

  constructor(source: ByteSource, open: (emit: Emit) => StreamDecoder) {
    this.#source = source;
    this.#open = open;
  }

  next(): Promise<Result> {
    if (this.#running !== undefined) return this.#running.then(() => this.next());
    // The fast path: an event already decoded.
    if (this.#head < this.#queue.length)
      return Promise.resolve({ value: this.#queue[this.#head++]!, done: false });
    if (this.#finished) return Promise.resolve(DONE);
    // The decoder has ended the stream (a failed detection ends it early): the source is let go.
    if (this.#ended) return this.#stopThen(() => DONE);
    const read = this.#readChunk();
    this.#running = read;
    return read.then(() => {
      this.#running = undefined;
      return this.next();
    });
  }

  return(): Promise<Result> {
    if (this.#running !== undefined) return this.#running.then(() => this.return());
    return this.#stopThen(() => DONE);
  }

  throw(error: unknown): Promise<Result> {
    if (this.#running !== undefined) return this.#running.then(() => this.throw(error));
    return this.#stopThen(() => {
      throw error;
    });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Reads one chunk of the source into the decoder; never rejects (a failure ends the stream). */
  #readChunk(): Promise<void> {
    const queue = this.#queue;
    // Handed-out events are let go once, here, not shifted off one by one.
    queue.length = 0;
    this.#head = 0;
    this.#decoder ??= this.#open((event) => {
      if (event.type === "end") this.#ended = true;
      queue.push(event);
    });
    const decoder = this.#decoder;
    const fail = (error: unknown) => {
      this.#finished = true;
      decoder.close(failureOf(error));
    };
    let read: Promise<IteratorResult<Chunk, unknown>>;
    try {
      this.#reader ??= readerOf(this.#source);
      read = this.#reader.read();
    } catch (error) {
      fail(error);
      return Promise.resolve();
    }
    return read.then((next) => {
      try {
        if (next.done === true) {
          this.#finished = true;
          decoder.close();
        } else decoder.push(next.value);
      } catch (error) {
        fail(error);
      }
    }, fail);
  }

  /**
   * Finishes, then answers with `then`: the source is cancelled if it is still open, and queued
   * events are dropped. A cancel that fails rejects this call, as an async generator's would.
   */
  #stopThen(then: () => Result): Promise<Result> {
    const reader = this.#reader;
    const open = !this.#finished;
    this.#finished = true;
    this.#queue.length = 0;
    this.#head = 0;
    if (!open || reader === undefined) return Promise.resolve().then(then);
    const cancelled = Promise.resolve().then(() => reader.cancel());
    const settled = cancelled.then(
      () => {
        this.#running = undefined;
      },
      () => {
        this.#running = undefined;
      },
    );
    this.#running = settled;
    return cancelled.then(then);
  }
}

// Where the runtime has it (Node 20+), `await using` works as on an async generator: it returns.
if (typeof Symbol.asyncDispose === "symbol") {
  Object.defineProperty(DecodedEvents.prototype, Symbol.asyncDispose, {
    value(this: DecodedEvents) {
      return this.return().then(() => undefined);
    },
    configurable: true,
    writable: true,
  });
}
