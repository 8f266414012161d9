import { type AccumulatedMessage, MessageAccumulator } from "@sse-dialects/core";
import { type ChatCompletion, toChatCompletion } from "@sse-dialects/openai";
import { createEventPump, type StreamSummary, type UpstreamReadOptions } from "./pump-events.js";
import { verbatimRedactor } from "./redact-secrets.js";

/** What a collected stream gave: the `chat.completion` object, the message, and how it went. */
export interface CollectedCompletion {
  /** The OpenAI `chat.completion` a non-streaming request returns (with `error` if the stream had one). */
  completion: ChatCompletion;
  message: AccumulatedMessage;
  summary: StreamSummary;
  /** The upstream sent more than `maxBytes`: reading stopped there, and `completion.error` says so. */
  truncated: boolean;
}

/** The options of {@link collectChatCompletion}. */
export interface CollectOptions extends UpstreamReadOptions {
  contentType?: string | undefined;
  /**
   * The most upstream bytes read into one answer. Past it the upstream is cancelled and the
   * completion carries what came before, with an error `response_too_large`. The message held is
   * never larger than the wire it came from, so this bounds the memory of one collected answer.
   * Default: no limit.
   */
  maxBytes?: number;
}

/**
 * Reads an upstream stream of any dialect to its end and adds it up to one OpenAI
 * `chat.completion` object: how a proxy answers a `stream: false` request from a provider that
 * only streams. Memory is the message itself, never the wire, and at most `maxBytes` of it.
 *
 * @example
 * ```ts
 * const { completion, summary } = await collectChatCompletion(upstream.body, { from: elumenta, maxBytes: 32 * 1024 * 1024 });
 * return Response.json(completion, { status: summary.error === undefined ? 200 : 502 });
 * ```
 */
export async function collectChatCompletion(
  body: ReadableStream<Uint8Array> | null,
  options: CollectOptions,
): Promise<CollectedCompletion> {
  const accumulator = new MessageAccumulator();
  const limited =
    body === null || options.maxBytes === undefined
      ? undefined
      : limitBytes(body, options.maxBytes);
  const pump = createEventPump(limited?.body ?? body, (event) => accumulator.push(event), options);
  while (await pump.next()) {
    // Each call decodes one more upstream chunk into the accumulator.
  }
  const message = accumulator.message;
  let completion = toChatCompletion(message);
  const truncated = limited?.exceeded() === true;
  if (truncated) {
    completion.error = {
      message: `The upstream's answer is larger than ${options.maxBytes} bytes, the most this proxy collects; what came before is above. Ask with stream: true for the whole answer.`,
      type: "upstream_error",
      code: "response_too_large",
    };
  }
  if (options.secrets !== undefined && options.secrets.length > 0) {
    // What is written to the client is this object as JSON: a secret anywhere in it goes.
    const redact = verbatimRedactor(options.secrets);
    const json = JSON.stringify(completion);
    const clean = redact(json);
    if (clean !== json) completion = JSON.parse(clean) as ChatCompletion;
  }
  return { completion, message, summary: pump.summary(), truncated };
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
