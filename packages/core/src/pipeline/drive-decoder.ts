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
export async function* driveDecoder(
  source: ByteSource,
  open: (emit: Emit) => StreamDecoder,
): AsyncGenerator<StreamEvent, void, undefined> {
  const queue: StreamEvent[] = [];
  let ended = false;
  const decoder = open((event) => {
    if (event.type === "end") ended = true;
    queue.push(event);
  });
  // The queue is drained with plain `yield`s, not `yield*` over a sync generator: delegating
  // wraps every value in one more promise (async-from-sync iteration), per event. Indexing then
  // truncating once avoids an O(n) shift per event.
  try {
    for await (const chunk of source) {
      decoder.push(chunk);
      for (let i = 0; i < queue.length; i++) yield queue[i]!;
      queue.length = 0;
      if (ended) return;
    }
    decoder.close();
  } catch (error) {
    decoder.close(failureOf(error));
  }
  for (let i = 0; i < queue.length; i++) yield queue[i]!;
  queue.length = 0;
}
