import { createStreamDecoder } from "@sse-dialects/core";
import { gemini } from "@sse-dialects/gemini";
import { openai } from "@sse-dialects/openai";
import type { BenchCase } from "./bench-case.js";
import { reencode } from "./openai-cases.js";

/** A deterministic sequence in [0, 1) (the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const WORDS = [" the", " quick", " brown", " fox", " jumps", " über", " 日本", " 🦀", ' \\"q\\"'];
const TAIL = ',"modelVersion":"gemini-bench","responseId":"resp_bench"}';

function usage(i: number): string {
  return `,"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":${i},"totalTokenCount":${i + 10}}`;
}

/** A Gemini `alt=sse` text stream as Gemini writes it: `chunks` text chunks with cumulative usage, then STOP. */
export function geminiTextStream(chunks: number, seed = 4): string {
  const next = random(seed);
  const parts: string[] = [];
  for (let i = 0; i < chunks; i++) {
    const text = `${WORDS[Math.floor(next() * WORDS.length)]}${WORDS[Math.floor(next() * WORDS.length)]}`;
    parts.push(
      `data: {"candidates":[{"content":{"parts":[{"text":"${text}"}],"role":"model"},"index":0}]${usage(i)}${TAIL}\r\n\r\n`,
    );
  }
  parts.push(
    `data: {"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}]${usage(chunks)}${TAIL}\r\n\r\n`,
  );
  return parts.join("");
}

/** A Gemini stream of whole function calls: `chunks` chunks of one `functionCall` part each, then STOP. */
export function geminiToolStream(chunks: number, seed = 5): string {
  const next = random(seed);
  const parts: string[] = [];
  for (let i = 0; i < chunks; i++) {
    const word = WORDS[Math.floor(next() * WORDS.length)];
    parts.push(
      `data: {"candidates":[{"content":{"parts":[{"functionCall":{"name":"lookup_${i % 4}","args":{"q":"${word}","n":${i}}}}],"role":"model"},"index":0}]${usage(i)}${TAIL}\r\n\r\n`,
    );
  }
  parts.push(
    `data: {"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}]${usage(chunks)}${TAIL}\r\n\r\n`,
  );
  return parts.join("");
}

/** The Gemini dialect: decoding, and converting to OpenAI SSE bytes. */
function decode(pieces: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = createStreamDecoder(gemini, () => {
    count++;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return count;
}

export const geminiCases: BenchCase[] = [
  { name: "gemini decode", stream: "gemini-text", run: decode },
  { name: "gemini decode (function calls)", stream: "gemini-tools", run: decode },
  {
    name: "gemini → openai convert (convert, to bytes)",
    stream: "gemini-text",
    run: (pieces) => reencode(pieces, gemini, openai),
  },
];
