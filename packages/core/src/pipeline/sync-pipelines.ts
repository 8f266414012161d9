import type { Dialect } from "../dialect/dialect.js";
import type { StreamEvent } from "../events/stream-event.js";
import { createStreamDecoder, type DecodeOptions } from "./create-stream-decoder.js";
import { createStreamEncoder, type EncodeOptions } from "./create-stream-encoder.js";

/**
 * Decodes a whole stream held in memory (a fixture, a recorded body) to its events.
 *
 * @example
 * ```ts
 * const events = decodeAll('data: {"type":"content_delta","delta":"Hi"}\n\ndata: [DONE]\n\n', elumenta);
 * ```
 */
export function decodeAll<O>(
  input: string | Uint8Array | Iterable<string | Uint8Array>,
  dialect: Dialect<O, unknown>,
  options: DecodeOptions<NoInfer<O>> = {},
): StreamEvent[] {
  const events: StreamEvent[] = [];
  const decoder = createStreamDecoder(dialect, (event) => events.push(event), options);
  if (typeof input === "string" || input instanceof Uint8Array) decoder.push(input);
  else for (const chunk of input) decoder.push(chunk);
  decoder.close();
  return events;
}

/**
 * Encodes events to the whole text of a `dialect` stream.
 *
 * @example
 * ```ts
 * const sse = encodeAll([{ type: "text-delta", choice: 0, text: "Hi" }], openai);
 * ```
 */
export function encodeAll<O>(
  events: Iterable<StreamEvent>,
  dialect: Dialect<unknown, O>,
  options: EncodeOptions<NoInfer<O>> = {},
): string {
  let out = "";
  const encoder = createStreamEncoder(
    dialect,
    (text) => {
      out += text;
    },
    options,
  );
  for (const event of events) encoder.push(event);
  encoder.close();
  return out;
}
