import { type AnyDialect, createStreamEncoder, type Drop } from "@sse-dialects/core";
import { createEventPump, type StreamSummary, type UpstreamReadOptions } from "./pump-events.js";
import { verbatimRedactor } from "./redact-secrets.js";

/** Options of {@link toDialectStream}. */
export interface ToDialectStreamOptions extends UpstreamReadOptions {
  contentType?: string | undefined;
  /** The target dialect's encode options. */
  encode?: unknown;
  /** Hears what the target wire cannot express (core's drop report). */
  onDrop?: (drop: Drop) => void;
  /** Called once when the stream is over: ended, failed, or cancelled by the client. */
  onEnd?: (summary: StreamSummary) => void;
}

/**
 * An upstream body of any dialect → the `target` dialect's wire bytes, in one stage driven by
 * the reader: each read pulls one upstream chunk and yields what it completed, so backpressure
 * reaches the upstream and nothing is held back. An upstream that dies, sends garbage or goes
 * silent ends the stream with the target's own error (OpenAI's error chunk and `[DONE]`,
 * Anthropic's `event: error`, Google's `{"error":{…}}`, Ollama's `{"error"}` line). Every byte
 * passes the redactor. Cancelling it cancels the upstream body (aborting its request).
 *
 * @example
 * ```ts
 * const body = toDialectStream(upstream.body, anthropic, { from: openai, idleTimeoutMs: 30_000 });
 * return new Response(body, { headers: { "content-type": anthropic.contentType } });
 * ```
 */
export function toDialectStream(
  body: ReadableStream<Uint8Array> | null,
  target: AnyDialect,
  options: ToDialectStreamOptions,
): ReadableStream<Uint8Array> {
  const utf8 = new TextEncoder();
  let batch = "";
  const encoder = createStreamEncoder(
    target,
    (text) => {
      batch += text;
    },
    {
      ...(options.encode === undefined ? {} : { dialect: options.encode }),
      ...(options.onDrop === undefined ? {} : { onDrop: options.onDrop }),
    },
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
        // A pull that enqueues nothing is never called again (the read waiting on it hangs):
        // read on until an upstream chunk gives bytes to write — one whose events were all
        // dropped (another dialect's event, a comment) gives none — or the stream ends.
        let more: boolean;
        do {
          more = await pump.next();
          if (more) encoder.flush();
          else encoder.close();
        } while (more && batch === "");
        if (batch !== "") {
          controller.enqueue(utf8.encode(redact(batch)));
          batch = "";
        }
        if (!more) {
          controller.close();
          report();
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
