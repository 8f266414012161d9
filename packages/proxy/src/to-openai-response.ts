import { type OpenAIEncodeOptions, openai } from "@sse-dialects/openai";
import { toOpenAIErrorResponse } from "./openai-error-response.js";
import type { StreamSummary, UpstreamReadOptions } from "./pump-events.js";
import { redactSecrets } from "./redact-secrets.js";
import { toDialectStream } from "./to-dialect-stream.js";

/** Options of {@link toOpenAIResponse} and {@link toOpenAIStream}. */
export interface ToOpenAIOptions extends UpstreamReadOptions {
  /** How the OpenAI chunks are written (usage placement, receipts, reasoning field). */
  encode?: OpenAIEncodeOptions;
  /** Called once when the stream is over: ended, failed, or cancelled by the client. */
  onEnd?: (summary: StreamSummary) => void;
}

/**
 * The headers of a streamed answer: SSE, never cached, and never buffered by a reverse proxy
 * (`x-accel-buffering: no` is nginx's switch), so every chunk reaches the client as it is made.
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};

/**
 * An upstream body of any dialect → OpenAI `chat.completion.chunk` SSE bytes, in one stage
 * driven by the reader: each read pulls one upstream chunk and yields what it completed, so
 * backpressure reaches the upstream and nothing is held back. The stream always ends with
 * `data: [DONE]`: an upstream that dies, sends garbage or goes silent ends it with an OpenAI
 * error chunk first. Cancelling it cancels the upstream body (aborting its request).
 *
 * @example
 * ```ts
 * const body = toOpenAIStream(upstream.body, { from: elumenta, idleTimeoutMs: 30_000 });
 * ```
 */
export function toOpenAIStream(
  body: ReadableStream<Uint8Array> | null,
  options: ToOpenAIOptions & { contentType?: string | undefined },
): ReadableStream<Uint8Array> {
  const { encode, ...rest } = options;
  return toDialectStream(body, openai, { ...rest, ...(encode === undefined ? {} : { encode }) });
}

/**
 * An upstream `Response` of any dialect → an OpenAI SSE `Response` (`text/event-stream`, no
 * caching, no proxy buffering). A non-2xx upstream becomes an OpenAI error JSON
 * (`{"error": {"message", "type", "code"}}`) with the same status, read from at most 64 KiB of
 * its body within `idleTimeoutMs`.
 *
 * @example
 * ```ts
 * import { elumenta } from "@sse-dialects/elumenta";
 *
 * export default {
 *   async fetch(request: Request) {
 *     const upstream = await fetch("https://elumenta.ru/api/v2/generate", { method: "POST", body, headers });
 *     return toOpenAIResponse(upstream, { from: elumenta });
 *   },
 * };
 * ```
 */
export async function toOpenAIResponse(
  upstream: Response,
  options: ToOpenAIOptions,
): Promise<Response> {
  if (!upstream.ok) {
    const secrets = options.secrets;
    return toOpenAIErrorResponse(upstream, {
      idleTimeoutMs: options.idleTimeoutMs,
      ...(secrets === undefined ? {} : { redact: (text) => redactSecrets(text, secrets) }),
    });
  }
  const body = toOpenAIStream(upstream.body, {
    ...options,
    contentType: upstream.headers.get("content-type") ?? undefined,
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
