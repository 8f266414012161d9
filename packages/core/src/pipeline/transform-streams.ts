import type { Dialect } from "../dialect/dialect.js";
import type { StreamEvent } from "../events/stream-event.js";
import {
  createStreamDecoder,
  type DecodeOptions,
  type StreamDecoder,
} from "./create-stream-decoder.js";
import {
  createStreamEncoder,
  type EncodeOptions,
  type StreamEncoder,
} from "./create-stream-encoder.js";
import { Utf8Batch } from "./utf8-batch.js";

/**
 * The Web-Streams pipelines. Each is one TransformStream (one stage per direction, the project's
 * performance targets), wrapping the synchronous engines.
 */

/**
 * Bytes (or text) of `dialect` → normalized events.
 *
 * @example
 * ```ts
 * const events = response.body!.pipeThrough(decodeStream(openai));
 * for await (const event of events) if (event.type === "text-delta") process.stdout.write(event.text);
 * ```
 */
export function decodeStream<O>(
  dialect: Dialect<O, unknown>,
  options: DecodeOptions<NoInfer<O>> = {},
): TransformStream<Uint8Array | string, StreamEvent> {
  let decoder: StreamDecoder;
  return new TransformStream({
    start(controller) {
      decoder = createStreamDecoder(dialect, (event) => controller.enqueue(event), options);
    },
    transform(chunk) {
      decoder.push(chunk);
    },
    flush() {
      decoder.close();
    },
  });
}

/**
 * Normalized events → bytes of `dialect`. The output ends with the dialect's terminator even if
 * the events carried no `end` event.
 *
 * @example
 * ```ts
 * const body = events.pipeThrough(encodeStream(openai));
 * return new Response(body, { headers: { "content-type": openai.contentType } });
 * ```
 */
export function encodeStream<O>(
  dialect: Dialect<unknown, O>,
  options: EncodeOptions<NoInfer<O>> = {},
): TransformStream<StreamEvent, Uint8Array> {
  const batch = new Utf8Batch();
  let encoder: StreamEncoder;
  const release = (controller: TransformStreamDefaultController<Uint8Array>) => {
    const bytes = batch.take();
    if (bytes !== undefined) controller.enqueue(bytes);
  };
  return new TransformStream({
    start() {
      encoder = createStreamEncoder(dialect, batch.write, options);
    },
    transform(event, controller) {
      encoder.push(event);
      encoder.flush();
      release(controller);
    },
    flush(controller) {
      encoder.close();
      release(controller);
    },
  });
}

/** Options of a conversion: the source dialect's decoding and the target dialect's encoding. */
export interface ConvertOptions<FromOptions = unknown, ToOptions = unknown> {
  decode?: DecodeOptions<FromOptions>;
  encode?: EncodeOptions<ToOptions>;
}

/**
 * Bytes of `from` → bytes of `to`, in one stage: each input chunk yields at most one output
 * chunk holding everything it completed.
 *
 * @example
 * ```ts
 * const body = upstream.body!.pipeThrough(convertStream(elumenta, openai));
 * ```
 */
export function convertStream<F, T>(
  from: Dialect<F, unknown>,
  to: Dialect<unknown, T>,
  options: ConvertOptions<NoInfer<F>, NoInfer<T>> = {},
): TransformStream<Uint8Array | string, Uint8Array> {
  // Output goes straight to UTF-8 bytes, piece by piece (see Utf8Batch for why).
  const batch = new Utf8Batch();
  let decoder: StreamDecoder;
  let encoder: StreamEncoder;
  const release = (controller: TransformStreamDefaultController<Uint8Array>) => {
    encoder.flush();
    const bytes = batch.take();
    if (bytes !== undefined) controller.enqueue(bytes);
  };
  return new TransformStream({
    start() {
      encoder = createStreamEncoder(to, batch.write, options.encode);
      decoder = createStreamDecoder(from, (event) => encoder.push(event), options.decode);
    },
    transform(chunk, controller) {
      decoder.push(chunk);
      release(controller);
    },
    flush(controller) {
      decoder.close();
      encoder.close();
      release(controller);
    },
  });
}
