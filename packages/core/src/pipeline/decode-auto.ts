import type { AnyDialect } from "../dialect/dialect.js";
import type { StreamEvent } from "../events/stream-event.js";
import type { ByteSource } from "./async-pipelines.js";
import { type AutoDecodeOptions, createAutoDecoder } from "./create-auto-decoder.js";
import { failureOf } from "./failure-of.js";

/**
 * Bytes of a stream in any of `dialects` → normalized events, as an async generator: the dialect
 * is detected from the content type and the first messages (see {@link createAutoDecoder}). An
 * unrecognised or ambiguous stream yields one `unknown-dialect` error and the `end` event.
 *
 * @example
 * ```ts
 * const contentType = response.headers.get("content-type") ?? undefined;
 * for await (const event of decodeAuto(response.body!, [openai, elumenta], { contentType })) {
 *   if (event.type === "text-delta") process.stdout.write(event.text);
 * }
 * ```
 */
export async function* decodeAuto(
  source: ByteSource,
  dialects: readonly AnyDialect[],
  options: AutoDecodeOptions = {},
): AsyncGenerator<StreamEvent, void, undefined> {
  const queue: StreamEvent[] = [];
  let ended = false;
  const decoder = createAutoDecoder(
    dialects,
    (event) => {
      if (event.type === "end") ended = true;
      queue.push(event);
    },
    options,
  );
  try {
    for await (const chunk of source) {
      decoder.push(chunk);
      if (queue.length > 0) yield* drain(queue);
      // Detection failed: the stream is over for us, and reading on would only waste the source.
      if (ended) return;
    }
    decoder.close();
  } catch (error) {
    decoder.close(failureOf(error));
  }
  yield* drain(queue);
}

function* drain(queue: StreamEvent[]): Generator<StreamEvent> {
  for (let i = 0; i < queue.length; i++) yield queue[i]!;
  queue.length = 0;
}
