import { GoogleGenAI } from "@google/genai";
import { createStreamDecoder, decode as decodeBody } from "@sse-dialects/core";
import { gemini } from "@sse-dialects/gemini";
import { createParser } from "eventsource-parser";
import type { BenchCase } from "./bench-case.js";
import { readableOf } from "./sdk-cases.js";

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

/**
 * The most whole calls a tool stream has: a turn's calls stay under the decoder's default bound
 * of 1024 calls a choice (past it each is an `invalid-event` error, which the stream would then
 * measure instead of calls).
 */
export const TOOL_STREAM_CALLS = 1000;
/** Words in each call's `q` argument: 20k words in all, as many as OpenAI's tool stream has fragments. */
const WORDS_PER_CALL = 20;

/**
 * A Gemini stream of whole function calls, one `functionCall` part a chunk, then STOP: `chunks`
 * / 20 calls (at most {@link TOOL_STREAM_CALLS}; 1000 for the bench's 20k), each with
 * arguments `{"q": <20 words>, "n": <i>}`. Small (0.3 MB): a turn has at most ~1000 whole calls,
 * so its ratios are noisier than the text stream's.
 */
export function geminiToolStream(chunks: number, seed = 5): string {
  const next = random(seed);
  const calls = Math.max(1, Math.min(TOOL_STREAM_CALLS, Math.floor(chunks / 20)));
  const parts: string[] = [];
  for (let i = 0; i < calls; i++) {
    let q = "";
    for (let w = 0; w < WORDS_PER_CALL; w++) q += WORDS[Math.floor(next() * WORDS.length)];
    parts.push(
      `data: {"candidates":[{"content":{"parts":[{"functionCall":{"name":"lookup_${i % 4}","args":{"q":"${q}","n":${i}}}}],"role":"model"},"index":0}]${usage(i)}${TAIL}\r\n\r\n`,
    );
  }
  parts.push(
    `data: {"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}]${usage(calls)}${TAIL}\r\n\r\n`,
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

/** Ours as an application reads a response: `decode(body, gemini)`, the async generator. */
async function decodeAsync(pieces: readonly Uint8Array[]): Promise<number> {
  let count = 0;
  for await (const _ of decodeBody(readableOf(pieces), gemini)) count++;
  return count;
}

/**
 * `@google/genai`'s `models.generateContentStream` on the same bytes: its real path (the
 * response body's SSE lines, `JSON.parse`, the `GenerateContentResponse` it builds per chunk),
 * with `fetch` answering the bytes at once instead of a network.
 */
async function googleGenAI(pieces: readonly Uint8Array[]): Promise<number> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () =>
    new Response(readableOf(pieces), { headers: { "content-type": "text/event-stream" } });
  try {
    const client = new GoogleGenAI({ apiKey: "bench" });
    const stream = await client.models.generateContentStream({ model: "bench", contents: "hi" });
    let count = 0;
    for await (const _ of stream) count++;
    return count;
  } finally {
    globalThis.fetch = realFetch;
  }
}

/**
 * The floor of a function-call stream: the framing and `JSON.parse` of every chunk, plus what
 * decoding it into the model cannot avoid, `JSON.stringify` of every call's `args`. The wire
 * sends the arguments as an object and a `tool-call-delta` carries JSON text, so every decoder of
 * this wire into the model writes them (finding their text in the wire instead is a scan of the
 * chunk in JavaScript, ~3× the cost of `JSON.stringify`: core's `sourceSpans`, which the decoder
 * uses only where `JSON.stringify` would change a number). The case is measured against this
 * floor, as the conversion matrix measures against the source's floor plus `JSON.stringify` of
 * its output; the row against the plain floor is printed beside it.
 */
function floorWithArgsText(pieces: readonly Uint8Array[]): number {
  let written = 0;
  const parser = createParser({
    onEvent(message) {
      const chunk = JSON.parse(message.data);
      for (const candidate of chunk.candidates ?? [])
        for (const part of candidate.content?.parts ?? [])
          if (part.functionCall !== undefined)
            written += JSON.stringify(part.functionCall.args).length;
    },
  });
  const decoder = new TextDecoder();
  for (const piece of pieces) parser.feed(decoder.decode(piece, { stream: true }));
  parser.feed(decoder.decode());
  return written;
}

export const GEMINI_OURS_ASYNC = "gemini decode, async (decode(body))";
export const GEMINI_SDK = "@google/genai generateContentStream (gemini)";

export const geminiCases: BenchCase[] = [
  { name: GEMINI_OURS_ASYNC, stream: "gemini-text", run: decodeAsync },
  { name: GEMINI_SDK, stream: "gemini-text", run: googleGenAI },
  { name: `${GEMINI_OURS_ASYNC} function calls`, stream: "gemini-tools", run: decodeAsync },
  { name: `${GEMINI_SDK} function calls`, stream: "gemini-tools", run: googleGenAI },
  { name: "gemini decode", stream: "gemini-text", run: decode },
  {
    name: "gemini decode (function calls)",
    stream: "gemini-tools",
    run: decode,
    floor: async () => floorWithArgsText,
  },
  {
    name: "gemini decode (function calls), to the plain floor (no JSON.stringify of the args)",
    stream: "gemini-tools",
    run: decode,
    group: "decode",
  },
];
