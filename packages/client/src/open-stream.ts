import { SseDialectsError, thrownMessage } from "@sse-dialects/core";
import { ChatChunkStream } from "./chat-chunk-stream.js";
import { ChatStream, type ChatStreamInit } from "./chat-stream.js";
import { HttpError } from "./http-error.js";
import { readHttpError } from "./read-http-error.js";
import type { ByteInput } from "./read-source.js";
import type { StreamOptions } from "./stream-options.js";

/**
 * What a stream can be opened from: a fetch `Response` (or the promise `fetch` returns, so that a
 * failed request becomes a typed error too), a `ReadableStream` of bytes, or any async iterable of
 * bytes or text (a Node stream, a generator).
 */
export type StreamSource = Response | PromiseLike<Response> | ByteInput;

function isPromiseLike(value: unknown): value is PromiseLike<Response> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

/** Duck-typed, so a `Response` of another fetch implementation (undici, node-fetch) works too. */
function isResponse(value: unknown): value is Response {
  const candidate = value as Partial<Response> | null;
  return (
    typeof candidate?.status === "number" &&
    typeof candidate.ok === "boolean" &&
    typeof candidate.headers?.get === "function" &&
    "body" in candidate
  );
}

/** The error for a `fetch` that rejected: the caller's abort or timeout, or a failed connection. */
function fetchFailure(error: unknown): SseDialectsError {
  const { name, message } = thrownMessage(error);
  if (name === "AbortError") return new SseDialectsError("aborted", message, { cause: error });
  if (name === "TimeoutError") return new SseDialectsError("timeout", message, { cause: error });
  // undici says only "fetch failed"; the reason (ECONNREFUSED, a DNS failure) is its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const detail = cause === undefined ? message : `${message}: ${cause.message}`;
  return new HttpError(`Network error: ${detail}`, { kind: "network", cause: error });
}

/** A 2xx response without a body: an empty stream, which the dialect reports as cut off. */
async function* empty(): AsyncGenerator<Uint8Array, void, undefined> {}

/**
 * Opens a streaming response of any supported dialect as one {@link ChatStream}. A non-2xx
 * response rejects with an {@link HttpError} (status, class, the provider's message, whatever the
 * dialect's error body shape); a fetch that failed rejects with an `HttpError` of kind `network`.
 * The dialect is detected unless given.
 *
 * @example
 * ```ts
 * import { openStream } from "@sse-dialects/client";
 *
 * const stream = await openStream(fetch(url, { method: "POST", headers, body }), {
 *   idleTimeoutMs: 30_000,
 * });
 * for await (const chunk of stream.chunks()) {
 *   process.stdout.write(chunk.choices[0]?.delta.content ?? "");
 * }
 * console.log("\nReceipt:", stream.receiptId);
 * ```
 */
export async function openStream(
  source: StreamSource,
  options: StreamOptions = {},
): Promise<ChatStream> {
  return new ChatStream(await resolveSource(source), options);
}

/**
 * Opens a streaming response of any supported dialect as OpenAI `chat.completion.chunk` objects
 * (a {@link ChatChunkStream}): for code written against the OpenAI SDK or an OpenAI-compatible
 * SDK, which iterates chunks, reads `usage.total_tokens` and collects arrays of chunks. Every
 * chunk has a choice; usage rides on the last finish chunk. Errors as {@link openStream}.
 *
 * @example
 * ```ts
 * import { openChunkStream } from "@sse-dialects/client";
 *
 * const stream = await openChunkStream(fetch(url, { method: "POST", headers, body }));
 * for await (const chunk of stream) {
 *   const content = chunk.choices[0]?.delta?.content;
 *   if (content) process.stdout.write(content);
 * }
 * console.log("\nReceipt:", stream.receiptId);
 * ```
 */
export async function openChunkStream(
  source: StreamSource,
  options: StreamOptions = {},
): Promise<ChatChunkStream> {
  return new ChatChunkStream(await resolveSource(source), options);
}

/** The body and content type of a 2xx response; a failed fetch or a non-2xx status throws. */
async function resolveSource(source: StreamSource): Promise<ChatStreamInit> {
  let resolved: Response | ByteInput;
  if (isPromiseLike(source)) {
    try {
      resolved = await source;
    } catch (error) {
      throw fetchFailure(error);
    }
  } else resolved = source;
  if (!isResponse(resolved)) return { body: resolved, contentType: undefined };
  if (!resolved.ok) throw await readHttpError(resolved);
  return {
    body: resolved.body ?? empty(),
    contentType: resolved.headers.get("content-type") ?? undefined,
  };
}
