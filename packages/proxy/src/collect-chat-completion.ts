import { type AccumulatedMessage, MessageAccumulator } from "@sse-dialects/core";
import { type ChatCompletion, toChatCompletion } from "@sse-dialects/openai";
import { createEventPump, type StreamSummary, type UpstreamReadOptions } from "./pump-events.js";

/** What a collected stream gave: the `chat.completion` object, the message, and how it went. */
export interface CollectedCompletion {
  /** The OpenAI `chat.completion` a non-streaming request returns (with `error` if the stream had one). */
  completion: ChatCompletion;
  message: AccumulatedMessage;
  summary: StreamSummary;
}

/**
 * Reads an upstream stream of any dialect to its end and adds it up to one OpenAI
 * `chat.completion` object: how a proxy answers a `stream: false` request from a provider that
 * only streams. Memory is the message itself, never the wire.
 *
 * @example
 * ```ts
 * const { completion, summary } = await collectChatCompletion(upstream.body, { from: elumenta });
 * return Response.json(completion, { status: summary.error === undefined ? 200 : 502 });
 * ```
 */
export async function collectChatCompletion(
  body: ReadableStream<Uint8Array> | null,
  options: UpstreamReadOptions & { contentType?: string | undefined },
): Promise<CollectedCompletion> {
  const accumulator = new MessageAccumulator();
  const pump = createEventPump(body, (event) => accumulator.push(event), options);
  while (await pump.next()) {
    // Each call decodes one more upstream chunk into the accumulator.
  }
  const message = accumulator.message;
  return { completion: toChatCompletion(message), message, summary: pump.summary() };
}
