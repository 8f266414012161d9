import { createStreamDecoder, decodeAll, encodeAll } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { responses } from "@sse-dialects/responses";
import type { BenchCase } from "./bench-case.js";
import { openaiTextStream, openaiToolStream } from "./generate-streams.js";

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

export const responsesCases: BenchCase[] = [
  { name: "responses decode", stream: "responses-text", run: decode },
  { name: "responses decode (parallel tool calls)", stream: "responses-tools", run: decode },
];
