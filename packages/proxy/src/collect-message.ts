import { type AccumulatedMessage, MessageAccumulator } from "@sse-dialects/core";
import { createEventPump, type StreamSummary, type UpstreamReadOptions } from "./pump-events.js";

/** What a collected upstream stream added up to, and how it went. */
export interface CollectedMessage {
  message: AccumulatedMessage;
  summary: StreamSummary;
  /** The upstream sent more than `maxBytes`: reading stopped there (the upstream was cancelled). */
  truncated: boolean;
}

/**
 * Reads an upstream stream of any dialect to its end into one accumulated message: what a
 * non-streaming answer is made from, in any front's shape. Memory is the message itself, never
 * the wire, and at most `maxBytes` of upstream bytes are read.
 *
 * @example
 * ```ts
 * const { message, summary } = await collectMessage(upstream.body, { from: anthropic, maxBytes: 32 * 1024 * 1024 });
 * ```
 */
export async function collectMessage(
  body: ReadableStream<Uint8Array> | null,
  options: UpstreamReadOptions & { contentType?: string | undefined; maxBytes?: number },
): Promise<CollectedMessage> {
  const accumulator = new MessageAccumulator();
  const limited =
    body === null || options.maxBytes === undefined
      ? undefined
      : limitBytes(body, options.maxBytes);
  const pump = createEventPump(limited?.body ?? body, (event) => accumulator.push(event), options);
  while (await pump.next()) {
    // Each call decodes one more upstream chunk into the accumulator.
  }
  return {
    message: accumulator.message,
    summary: pump.summary(),
    truncated: limited?.exceeded() === true,
  };
}

/**
 * A pass-through of `body` that stops at `maxBytes`: the chunk that would pass the limit is not
 * delivered, the source is cancelled (aborting the upstream request) and the stream errors, which
 * the pump turns into the end of the stream. No buffering: one read in, one read out.
 */
function limitBytes(body: ReadableStream<Uint8Array>, maxBytes: number) {
  const reader = body.getReader();
  let read = 0;
  let exceeded = false;
  const limited = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        read += value.byteLength;
        if (read > maxBytes) {
          exceeded = true;
          await reader.cancel().catch(() => {});
          controller.error(
            new DOMException(`The answer passed the limit of ${maxBytes} bytes`, "AbortError"),
          );
          return;
        }
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { body: limited, exceeded: () => exceeded };
}
