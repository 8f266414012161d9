import { createAnthropic } from "@ai-sdk/anthropic";
import Anthropic from "@anthropic-ai/sdk";
import { anthropic } from "@sse-dialects/anthropic";
import { createStreamDecoder, decode as decodeAsync } from "@sse-dialects/core";
import type { BenchCase } from "./bench-case.js";
import { countParts, readableOf, respond } from "./sdk-cases.js";

/**
 * The Anthropic dialect: decoding (text deltas, tool-call fragments), converting to and from
 * OpenAI SSE bytes, and, on the same bytes, the official SDK's `messages.stream()` (its SSE
 * parser and `MessageStream` accumulator, with a `fetch` that answers with the bytes) and the
 * Vercel AI SDK's Anthropic provider (`doStream`), against our `decode(body, anthropic)`.
 */
function decode(pieces: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = createStreamDecoder(anthropic, () => {
    count++;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return count;
}

async function ours(pieces: readonly Uint8Array[]): Promise<number> {
  let count = 0;
  for await (const _ of decodeAsync(readableOf(pieces), anthropic)) count++;
  return count;
}

async function anthropicSdk(pieces: readonly Uint8Array[]): Promise<number> {
  const client = new Anthropic({ apiKey: "bench", maxRetries: 0, fetch: respond(pieces) });
  let count = 0;
  const stream = client.messages.stream({
    model: "claude-bench",
    max_tokens: 1024,
    messages: [{ role: "user", content: "hi" }],
  });
  stream.on("streamEvent", () => {
    count++;
  });
  await stream.finalMessage();
  return count;
}

async function vercel(pieces: readonly Uint8Array[]): Promise<number> {
  const provider = createAnthropic({ apiKey: "bench", fetch: respond(pieces) });
  const { stream } = await provider("claude-bench").doStream({
    prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  });
  return countParts(stream);
}

export const ANTHROPIC_OURS_ASYNC = "anthropic decode, async (decode(body))";
export const ANTHROPIC_SDK = "@anthropic-ai/sdk messages.stream()";
export const ANTHROPIC_VERCEL_SDK = "Vercel @ai-sdk/anthropic doStream";

export const anthropicCases: BenchCase[] = [
  { name: "anthropic decode", stream: "anthropic-text", run: decode },
  { name: "anthropic decode (tool calls)", stream: "anthropic-tools", run: decode },
  { name: ANTHROPIC_OURS_ASYNC, stream: "anthropic-text", run: ours },
  { name: ANTHROPIC_SDK, stream: "anthropic-text", run: anthropicSdk },
  { name: ANTHROPIC_VERCEL_SDK, stream: "anthropic-text", run: vercel },
  { name: `${ANTHROPIC_OURS_ASYNC} tools`, stream: "anthropic-tools", run: ours },
  { name: `${ANTHROPIC_SDK} tools`, stream: "anthropic-tools", run: anthropicSdk },
  { name: `${ANTHROPIC_VERCEL_SDK} tools`, stream: "anthropic-tools", run: vercel },
];
