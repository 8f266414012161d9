import {
  type AnyDialect,
  convert,
  createStreamDecoder,
  MessageAccumulator,
} from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import type { BenchCase } from "./bench-case.js";

/** The OpenAI dialect: decoding, and decoding plus re-encoding to OpenAI bytes (a proxy's work). */
function decode(pieces: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = createStreamDecoder(openai, () => {
    count++;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return count;
}

/** Decoding and adding the events up to the final message: what `collect` and `stream: false` do. */
function collect(pieces: readonly Uint8Array[]): number {
  const acc = new MessageAccumulator();
  const decoder = createStreamDecoder(openai, (event) => acc.push(event));
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  const choice = acc.message.choices[0];
  return (choice?.text.length ?? 0) + (choice?.toolCalls.length ?? 0);
}

/** The pieces as a byte source, one per network read. */
export async function* sourceOf(pieces: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* pieces;
}

/**
 * The real `convert` path: one output `Uint8Array` per input piece that completed something,
 * UTF-8 encoding included, as a proxy writes it to the socket.
 */
export async function reencode(
  pieces: readonly Uint8Array[],
  from: AnyDialect = openai,
  to: AnyDialect = openai,
): Promise<number> {
  let length = 0;
  for await (const bytes of convert(sourceOf(pieces), from, to)) length += bytes.length;
  return length;
}

export const openaiCases: BenchCase[] = [
  { name: "openai decode", stream: "openai-text", run: decode },
  { name: "openai decode (parallel tool calls)", stream: "openai-tools", run: decode },
  // Accumulating may cost at most 1.3× decoding the same stream.
  {
    name: "openai collect (accumulate)",
    stream: "openai-text",
    run: collect,
    relativeTo: "openai decode",
    target: 1.3,
  },
  {
    name: "openai collect (accumulate, parallel tool calls)",
    stream: "openai-tools",
    run: collect,
    relativeTo: "openai decode (parallel tool calls)",
    target: 1.3,
  },
];
