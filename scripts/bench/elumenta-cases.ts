import { createStreamDecoder } from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import type { BenchCase } from "./bench-case.js";

/** The Elumenta dialect: decoding, and converting to OpenAI SSE bytes (the gateway's main job). */
function decode(pieces: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = createStreamDecoder(elumenta, () => {
    count++;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return count;
}

export const elumentaCases: BenchCase[] = [
  { name: "elumenta decode", stream: "elumenta-text", run: decode },
];
