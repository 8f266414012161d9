import { createOpenAI } from "@ai-sdk/openai";
import {
  createStreamDecoder,
  decodeAll,
  decode as decodeAsync,
  encodeAll,
} from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { responses } from "@sse-dialects/responses";
import OpenAI from "openai";
import type { BenchCase } from "./bench-case.js";
import { openaiTextStream, openaiToolStream } from "./generate-streams.js";
import { countParts, readableOf, respond } from "./sdk-cases.js";

/**
 * Responses streams for the bench: the generated OpenAI text and parallel-tool-call streams,
 * as our Responses encoder writes them (`event:` lines, sequence numbers, item ids, deltas
 * with `item_id`/`output_index`/`content_index`, the `.done` events and the terminal snapshot),
 * the shape the Responses API streams.
 */
export function responsesTextStream(chunks: number): string {
  return encodeAll(decodeAll(openaiTextStream(chunks), openai), responses);
}

export function responsesToolStream(chunks: number): string {
  return encodeAll(decodeAll(openaiToolStream(chunks), openai), responses);
}

function decode(pieces: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = createStreamDecoder(responses, () => {
    count++;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return count;
}

/**
 * The peers, on the same bytes: our `decode(body, responses)`; the `openai` SDK's
 * `responses.stream()` (its SSE parser and its strict `ResponseStream` accumulator, to
 * `finalResponse()`), with a `fetch` that answers with the bytes; and the Vercel AI SDK's
 * Responses provider (`openai.responses(model)`, `doStream`).
 */
async function ours(pieces: readonly Uint8Array[]): Promise<number> {
  let count = 0;
  for await (const _ of decodeAsync(readableOf(pieces), responses)) count++;
  return count;
}

async function openaiSdk(pieces: readonly Uint8Array[]): Promise<number> {
  const client = new OpenAI({ apiKey: "bench", maxRetries: 0, fetch: respond(pieces) });
  let count = 0;
  const stream = client.responses.stream({ model: "gpt-bench", input: "hi" });
  stream.on("event", () => {
    count++;
  });
  await stream.finalResponse();
  return count;
}

async function vercel(pieces: readonly Uint8Array[]): Promise<number> {
  const provider = createOpenAI({ apiKey: "bench", fetch: respond(pieces) });
  const { stream } = await provider.responses("gpt-bench").doStream({
    prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  });
  return countParts(stream);
}

export const RESPONSES_OURS_ASYNC = "responses decode, async (decode(body))";
export const RESPONSES_SDK = "openai SDK responses.stream()";
export const RESPONSES_VERCEL_SDK = "Vercel @ai-sdk/openai responses doStream";

export const responsesCases: BenchCase[] = [
  { name: "responses decode", stream: "responses-text", run: decode },
  { name: "responses decode (parallel tool calls)", stream: "responses-tools", run: decode },
  { name: RESPONSES_OURS_ASYNC, stream: "responses-text", run: ours },
  { name: RESPONSES_SDK, stream: "responses-text", run: openaiSdk },
  { name: RESPONSES_VERCEL_SDK, stream: "responses-text", run: vercel },
  { name: `${RESPONSES_OURS_ASYNC} tools`, stream: "responses-tools", run: ours },
  { name: `${RESPONSES_SDK} tools`, stream: "responses-tools", run: openaiSdk },
  { name: `${RESPONSES_VERCEL_SDK} tools`, stream: "responses-tools", run: vercel },
];
