import { createStreamEncoder } from "@sse-dialects/core";
import { type OpenAIEncodeOptions, openai } from "@sse-dialects/openai";
import { toOpenAIErrorResponse } from "./openai-error-response.js";
import { createEventPump, type StreamSummary, type UpstreamReadOptions } from "./pump-events.js";
import { redactSecrets, verbatimRedactor } from "./redact-secrets.js";

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
  const utf8 = new TextEncoder();
  let batch = "";
  const encoder = createStreamEncoder(
    openai,
    (text) => {
      batch += text;
    },
    options.encode === undefined ? {} : { dialect: options.encode },
  );
  const pump = createEventPump(body, (event) => encoder.push(event), options);
  // Every byte written passes here: a secret the upstream echoed anywhere (content, an unknown
  // event's data written back verbatim) is removed before the client sees it.
  const redact = verbatimRedactor(options.secrets ?? []);
  let reported = false;
  const report = () => {
    if (reported) return;
    reported = true;
    options.onEnd?.(pump.summary());
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Read on until something is enqueued or the stream ends: a pull that enqueues nothing
        // is not called again (https://streams.spec.whatwg.org/#readable-stream-default-controller-should-call-pull
        // is only re-checked after an enqueue), and events OpenAI cannot carry write nothing.
        for (;;) {
          const more = await pump.next();
          if (more) encoder.flush();
          else encoder.close();
          if (batch !== "") {
            controller.enqueue(utf8.encode(redact(batch)));
            batch = "";
            if (more) return;
          }
          if (!more) {
            controller.close();
            report();
            return;
          }
        }
      },
      async cancel(reason) {
        await pump.cancel(reason);
        report();
      },
    },
    // Pull only when the reader asks: the upstream is read at the client's pace.
    { highWaterMark: 0 },
  );
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
