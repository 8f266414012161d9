import { thrownMessage } from "@sse-dialects/core";
/** Bytes as a stream object can read them: a web `ReadableStream` or any async iterable. */
export type ByteInput = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

export interface ReadSourceOptions {
  /** Aborting it ends the reading at once with an `AbortError` and cancels the source. */
  signal: AbortSignal;
  /** No chunk for this long ends the reading with a `TimeoutError` and cancels the source. */
  idleTimeoutMs?: number | undefined;
}

/** One way to pull chunks and to give the source up. */
interface Puller {
  next(): Promise<IteratorResult<Uint8Array | string>>;
  cancel(reason: unknown): void;
}

function pullerOf(source: ByteInput): Puller {
  if ("getReader" in source && typeof source.getReader === "function") {
    const reader = source.getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
      // Cancelling a fetch body aborts the request, so the server sees the connection close.
      cancel: (reason) => reader.cancel(reason).catch(() => {}),
    };
  }
  const iterator = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  return {
    next: () => iterator.next(),
    // Not awaited: an async generator queues `return` behind a pending `next`, which may never
    // settle if the source has gone quiet.
    cancel: () => {
      iterator.return?.().catch(() => {});
    },
  };
}

/**
 * Gives up a source nobody has started reading: cancels a `ReadableStream` (which, for a fetch
 * body, aborts the request) or closes an async iterator.
 */
export function cancelSource(source: ByteInput, reason: unknown): void {
  if ("getReader" in source && typeof source.getReader === "function") {
    if (!source.locked) source.cancel(reason).catch(() => {});
    return;
  }
  (source as AsyncIterable<Uint8Array | string>)
    [Symbol.asyncIterator]()
    .return?.()
    ?.catch(() => {});
}

/** The exception an abort reason ends the reading with: core maps `AbortError` to `aborted` and `TimeoutError` (as `AbortSignal.timeout` gives) to `timeout`. */
function abortErrorOf(reason: unknown): Error {
  if (
    reason instanceof DOMException &&
    (reason.name === "AbortError" || reason.name === "TimeoutError")
  )
    return reason;
  const { message } = thrownMessage(reason);
  return new DOMException(message === "" ? "The stream was aborted" : message, "AbortError");
}

/**
 * Reads a byte source under an abort signal and an idle timeout. The timer runs only while a
 * chunk is awaited: a consumer that is slow to pull is not the provider being idle. An abort
 * cancels the source at once, even while the consumer is not reading, so the connection closes
 * when the user asks rather than at the next chunk. Ends without cancelling when the source ends.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * for await (const chunk of readSource(response.body!, { signal: controller.signal, idleTimeoutMs: 30_000 })) {
 *   decoder.push(chunk);
 * }
 * ```
 */
export async function* readSource(
  source: ByteInput,
  options: ReadSourceOptions,
): AsyncGenerator<Uint8Array | string, void, undefined> {
  const { signal, idleTimeoutMs } = options;
  const puller = pullerOf(source);
  let finished = false;
  const cancelNow = () => puller.cancel(signal.reason);
  signal.addEventListener("abort", cancelNow, { once: true });
  try {
    while (true) {
      const result = await nextWithin(puller, signal, idleTimeoutMs);
      if (result.done) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } catch (error) {
    puller.cancel(error);
    finished = true;
    throw error;
  } finally {
    signal.removeEventListener("abort", cancelNow);
    // The consumer stopped early: give the source up.
    if (!finished) puller.cancel(new DOMException("The consumer stopped reading", "AbortError"));
  }
}

function nextWithin(
  puller: Puller,
  signal: AbortSignal,
  idleTimeoutMs: number | undefined,
): Promise<IteratorResult<Uint8Array | string>> {
  if (signal.aborted) return Promise.reject(abortErrorOf(signal.reason));
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      cleanup();
      reject(abortErrorOf(signal.reason));
    };
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    if (idleTimeoutMs !== undefined) {
      timer = setTimeout(() => {
        cleanup();
        reject(new DOMException(`No bytes arrived for ${idleTimeoutMs} ms`, "TimeoutError"));
      }, idleTimeoutMs);
    }
    puller.next().then(
      (result) => {
        cleanup();
        // A cancel on abort ends a pending read as `done`; that is the abort, not the stream's end.
        if (signal.aborted) reject(abortErrorOf(signal.reason));
        else resolve(result);
      },
      (error: unknown) => {
        cleanup();
        reject(signal.aborted ? abortErrorOf(signal.reason) : error);
      },
    );
  });
}
