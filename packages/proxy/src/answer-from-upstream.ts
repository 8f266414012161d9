import { collectChatCompletion } from "./collect-chat-completion.js";
import type { StreamSummary } from "./pump-events.js";
import { SSE_HEADERS, type ToOpenAIOptions, toOpenAIStream } from "./to-openai-response.js";

/**
 * The OpenAI answer to a chat-completions request, from the upstream's 2xx streaming response:
 * the OpenAI SSE stream when the client asked for one, else the stream collected into one
 * `chat.completion` JSON of at most `maxCollectedBytes` upstream bytes. A collected stream that
 * did not end properly (or passed that limit) is answered with its partial completion and its
 * `error` under 502 (504 for an idle timeout), so that clients throw rather than take half an
 * answer for a whole one. `onEnd` hears how the upstream stream went.
 */
export async function answerFromUpstream(
  upstream: Response,
  stream: boolean,
  options: ToOpenAIOptions & { maxCollectedBytes?: number },
): Promise<Response> {
  const contentType = upstream.headers.get("content-type") ?? undefined;
  if (stream) {
    const body = toOpenAIStream(upstream.body, { ...options, contentType });
    return new Response(body, { status: 200, headers: SSE_HEADERS });
  }
  const { completion, summary, truncated } = await collectChatCompletion(upstream.body, {
    ...options,
    contentType,
    ...(options.maxCollectedBytes === undefined ? {} : { maxBytes: options.maxCollectedBytes }),
  });
  options.onEnd?.(summary);
  return new Response(JSON.stringify(completion), {
    status: truncated ? 502 : statusOf(summary),
    headers: { "content-type": "application/json" },
  });
}

/** The status of a collected answer. */
export function statusOf(summary: StreamSummary): number {
  if (summary.end === "done") return 200;
  return summary.error?.code === "timeout" ? 504 : 502;
}
