import { createStreamDecoder, createStreamEncoder } from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { openai } from "@sse-dialects/openai";
import type { BenchCase } from "./bench-case.js";

/** The Elumenta dialect: decoding, and converting to OpenAI SSE (the gateway's main job). */
function decode(pieces: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = createStreamDecoder(elumenta, () => {
    count++;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return count;
}

function toOpenAI(pieces: readonly Uint8Array[]): number {
  let length = 0;
  const encoder = createStreamEncoder(openai, (text) => {
    length += text.length;
  });
  const decoder = createStreamDecoder(elumenta, (event) => encoder.push(event));
  for (const piece of pieces) {
    decoder.push(piece);
    // A proxy writes what each network read completed, as convertStream does.
    encoder.flush();
  }
  decoder.close();
  encoder.close();
  return length;
}

export const elumentaCases: BenchCase[] = [
  { name: "elumenta decode", stream: "elumenta-text", run: decode },
  { name: "elumenta → openai convert", stream: "elumenta-text", run: toOpenAI },
];
