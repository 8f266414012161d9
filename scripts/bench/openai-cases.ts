import { createStreamDecoder, createStreamEncoder } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import type { BenchCase } from "./bench-case.js";

/** The OpenAI dialect: decoding, and decoding plus re-encoding to OpenAI (a proxy's work). */
function decode(pieces: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = createStreamDecoder(openai, () => {
    count++;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return count;
}

function reencode(pieces: readonly Uint8Array[]): number {
  let length = 0;
  const encoder = createStreamEncoder(openai, (text) => {
    length += text.length;
  });
  const decoder = createStreamDecoder(openai, (event) => encoder.push(event));
  for (const piece of pieces) {
    decoder.push(piece);
    // A proxy writes what each network read completed, as convertStream does.
    encoder.flush();
  }
  decoder.close();
  encoder.close();
  return length;
}

export const openaiCases: BenchCase[] = [
  { name: "openai decode", stream: "openai-text", run: decode },
  { name: "openai decode (parallel tool calls)", stream: "openai-tools", run: decode },
  { name: "openai → openai re-encode", stream: "openai-text", run: reencode },
];
