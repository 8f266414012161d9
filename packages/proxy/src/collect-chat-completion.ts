import type { AccumulatedMessage } from "@sse-dialects/core";
import { parseJson } from "@sse-dialects/core";
import { type ChatCompletion, toChatCompletion } from "@sse-dialects/openai";
import { collectMessage } from "./collect-message.js";
import type { StreamSummary, UpstreamReadOptions } from "./pump-events.js";
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
  const { message, summary, truncated } = await collectMessage(body, options);
  let completion = toChatCompletion(message);
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
    if (clean !== json) completion = parseJson(clean) as unknown as ChatCompletion;
  }
  return { completion, message, summary, truncated };
}
