import type { AnyDialect } from "../dialect/dialect.js";
import type { StreamEvent } from "../events/stream-event.js";
import { createStreamDecoder, type DecodeOptions } from "./create-stream-decoder.js";
import { createStreamEncoder, type EncodeOptions } from "./create-stream-encoder.js";
import { failureOf } from "./failure-of.js";
import type { ConvertOptions } from "./transform-streams.js";

/** Anything that yields bytes or text: a `ReadableStream`, a Node stream, an async generator. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/**
 * Bytes of `dialect` → normalized events, as an async generator. A source that throws (a
 * dropped connection, an abort) does not throw here: the stream ends with an `error` event
 * (`network-error`, `aborted`, `timeout`) after everything received before it. Breaking out of
 * the loop cancels the source.
 *
 * @example
 * ```ts
 * for await (const event of decode(response.body!, openai)) console.log(event);
 * ```
 */
export async function* decode(
  source: ByteSource,
  dialect: AnyDialect,
  options: DecodeOptions = {},
): AsyncGenerator<StreamEvent, void, undefined> {
  const queue: StreamEvent[] = [];
  const decoder = createStreamDecoder(dialect, (event) => queue.push(event), options);
  try {
    for await (const chunk of source) {
      decoder.push(chunk);
      if (queue.length > 0) yield* drain(queue);
    }
    decoder.close();
  } catch (error) {
    decoder.close(failureOf(error));
  }
  yield* drain(queue);
}

function* drain(queue: StreamEvent[]): Generator<StreamEvent> {
  // Indexing then truncating once avoids an O(n) shift per event.
  for (let i = 0; i < queue.length; i++) yield queue[i]!;
  queue.length = 0;
}

/**
 * Normalized events → bytes of `dialect`, one `Uint8Array` per event that produced output.
 *
 * @example
 * ```ts
 * for await (const bytes of encode(events, openai)) res.write(bytes);
 * ```
 */
export async function* encode(
  events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>,
  dialect: AnyDialect,
  options: EncodeOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const utf8 = new TextEncoder();
  let batch = "";
  const encoder = createStreamEncoder(
    dialect,
    (text) => {
      batch += text;
    },
    options,
  );
  for await (const event of events) {
    encoder.push(event);
    encoder.flush();
    if (batch !== "") {
      yield utf8.encode(batch);
      batch = "";
    }
  }
  encoder.close();
  if (batch !== "") yield utf8.encode(batch);
}

/**
 * Bytes of `from` → bytes of `to`, as an async generator: one output chunk per input chunk that
 * completed something. Source failures become the target dialect's error form.
 *
 * @example
 * ```ts
 * for await (const bytes of convert(upstream.body!, elumenta, openai)) res.write(bytes);
 * ```
 */
export async function* convert(
  source: ByteSource,
  from: AnyDialect,
  to: AnyDialect,
  options: ConvertOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const utf8 = new TextEncoder();
  let batch = "";
  const encoder = createStreamEncoder(
    to,
    (text) => {
      batch += text;
    },
    options.encode,
  );
  const decoder = createStreamDecoder(from, (event) => encoder.push(event), options.decode);
  const take = () => {
    encoder.flush();
    const out = batch;
    batch = "";
    return out;
  };
  try {
    for await (const chunk of source) {
      decoder.push(chunk);
      const out = take();
      if (out !== "") yield utf8.encode(out);
    }
    decoder.close();
  } catch (error) {
    decoder.close(failureOf(error));
  }
  encoder.close();
  const out = take();
  if (out !== "") yield utf8.encode(out);
}
