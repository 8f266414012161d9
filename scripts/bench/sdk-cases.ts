import { createOpenAI } from "@ai-sdk/openai";
import { decode } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { Stream } from "openai/streaming";
import type { BenchCase } from "./bench-case.js";

/**
 * The official clients' stream decoding, on the same bytes, for the speed-ups `pnpm bench` prints.
 * All three read a `ReadableStream` of the same pieces to the end, asynchronously, as an
 * application does with `response.body`:
 *
 * - ours: `decode(body, openai)`, the async generator of normalized events;
 * - `openai` SDK: `Stream.fromSSEResponse(response, controller)`, what `chat.completions.create`
 *   with `stream: true` iterates (its SSE parser, `JSON.parse`, error check), without the HTTP;
 * - Vercel AI SDK: the `@ai-sdk/openai` chat model's `doStream` with a `fetch` that answers with
 *   the bytes: its real path (TextDecoderStream, EventSourceParserStream, zod validation of each
 *   chunk, the mapping to stream parts). Building the request body is included; it is
 *   microseconds against a stream of 100k chunks.
 */

/** Reads a provider's stream of parts (the AI SDK's `doStream`) to its end; how many it held. */
export async function countParts(stream: ReadableStream<unknown>): Promise<number> {
  let count = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done } = await reader.read();
    if (done) return count;
    count++;
  }
}

/** A `fetch` that answers any request with the pieces as an SSE response body. */
export const respond = (pieces: readonly Uint8Array[]) => async () =>
  new Response(readableOf(pieces), { headers: { "content-type": "text/event-stream" } });

/** The pieces as a response body, all available at once (no network wait for anyone). */
export function readableOf(pieces: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}

async function ours(pieces: readonly Uint8Array[]): Promise<number> {
  let count = 0;
  for await (const _ of decode(readableOf(pieces), openai)) count++;
  return count;
}

async function openaiSdk(pieces: readonly Uint8Array[]): Promise<number> {
  let count = 0;
  const response = new Response(readableOf(pieces), {
    headers: { "content-type": "text/event-stream" },
  });
  for await (const _ of Stream.fromSSEResponse(response, new AbortController())) count++;
  return count;
}

async function vercel(pieces: readonly Uint8Array[]): Promise<number> {
  const provider = createOpenAI({
    apiKey: "bench",
    fetch: async () =>
      new Response(readableOf(pieces), { headers: { "content-type": "text/event-stream" } }),
  });
  const { stream } = await provider.chat("gpt-bench").doStream({
    prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  });
  return countParts(stream);
}

export const OURS_ASYNC = "openai decode, async (decode(body))";
export const OPENAI_SDK = "openai SDK Stream.fromSSEResponse";
export const VERCEL_SDK = "Vercel @ai-sdk/openai chat doStream";

export const sdkCases: BenchCase[] = [
  { name: OURS_ASYNC, stream: "openai-text", run: ours },
  { name: OPENAI_SDK, stream: "openai-text", run: openaiSdk },
  { name: VERCEL_SDK, stream: "openai-text", run: vercel },
  { name: `${OURS_ASYNC} tools`, stream: "openai-tools", run: ours },
  { name: `${OPENAI_SDK} tools`, stream: "openai-tools", run: openaiSdk },
  { name: `${VERCEL_SDK} tools`, stream: "openai-tools", run: vercel },
];
