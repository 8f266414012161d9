import type { Dialect } from "../dialect/dialect.js";
import type { StreamEvent } from "../events/stream-event.js";
import { createStreamDecoder, type DecodeOptions } from "./create-stream-decoder.js";
import { createStreamEncoder, type EncodeOptions } from "./create-stream-encoder.js";
import { type ByteSource, driveDecoder } from "./drive-decoder.js";
import { failureOf } from "./failure-of.js";
import type { ConvertOptions } from "./transform-streams.js";
import { Utf8Batch } from "./utf8-batch.js";

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
export function decode<O>(
  source: ByteSource,
  dialect: Dialect<O, unknown>,
  options: DecodeOptions<NoInfer<O>> = {},
): AsyncGenerator<StreamEvent, void, undefined> {
  return driveDecoder(source, (emit) => createStreamDecoder(dialect, emit, options));
}

/**
 * Normalized events → bytes of `dialect`, one `Uint8Array` per event that produced output.
 *
 * @example
 * ```ts
 * for await (const bytes of encode(events, openai)) res.write(bytes);
 * ```
 */
export async function* encode<O>(
  events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>,
  dialect: Dialect<unknown, O>,
  options: EncodeOptions<NoInfer<O>> = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const batch = new Utf8Batch();
  const encoder = createStreamEncoder(dialect, batch.write, options);
  for await (const event of events) {
    encoder.push(event);
    encoder.flush();
    const bytes = batch.take();
    if (bytes !== undefined) yield bytes;
  }
  encoder.close();
  const bytes = batch.take();
  if (bytes !== undefined) yield bytes;
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
export async function* convert<F, T>(
  source: ByteSource,
  from: Dialect<F, unknown>,
  to: Dialect<unknown, T>,
  options: ConvertOptions<NoInfer<F>, NoInfer<T>> = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  // Output goes straight to UTF-8 bytes, piece by piece (see Utf8Batch for why).
  const batch = new Utf8Batch();
  const encoder = createStreamEncoder(to, batch.write, options.encode);
  const decoder = createStreamDecoder(from, (event) => encoder.push(event), options.decode);
  try {
    for await (const chunk of source) {
      decoder.push(chunk);
      encoder.flush();
      const bytes = batch.take();
      if (bytes !== undefined) yield bytes;
    }
    decoder.close();
  } catch (error) {
    decoder.close(failureOf(error));
  }
  encoder.close();
  const bytes = batch.take();
  if (bytes !== undefined) yield bytes;
}
