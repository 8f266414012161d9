import type { AnyDialect } from "../dialect/dialect.js";
import type { StreamEvent } from "../events/stream-event.js";
import { type AutoDecodeOptions, createAutoDecoder } from "./create-auto-decoder.js";
import { type ByteSource, driveDecoder } from "./drive-decoder.js";

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
export function decodeAuto(
  source: ByteSource,
  dialects: readonly AnyDialect[],
  options: AutoDecodeOptions = {},
): AsyncGenerator<StreamEvent, void, undefined> {
  return driveDecoder(source, (emit) => createAutoDecoder(dialects, emit, options));
}
