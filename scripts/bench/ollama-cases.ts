import { createStreamDecoder, decode as decodeBody, ndjsonFraming } from "@sse-dialects/core";
import { ollama } from "@sse-dialects/ollama";
import { Ollama } from "ollama";
import type { BenchCase } from "./bench-case.js";
import { readableOf } from "./sdk-cases.js";

const WORDS = [" the", " quick", " brown", " fox", " über", " 日本", " 🦀", ' \\"q\\"'];

/**
 * Each line's `created_at` as Ollama writes it: the time the line was made, in Go's RFC 3339
 * with nanoseconds (`time.RFC3339Nano`: trailing zeros of the fraction cut, none when it is
 * whole), so every line has its own, 3 to 12 ms after the last (a model writing ~80–300 tokens
 * a second); the second changes every ~130 lines.
 */
function createdAtTimes(lines: number): string[] {
  const times: string[] = [];
  let second = Date.UTC(2025, 5, 9, 12, 0, 0) / 1000;
  let nanos = 123_456_789;
  let head = "";
  let headSecond = Number.NaN;
  for (let i = 0; i < lines; i++) {
    if (second !== headSecond) {
      headSecond = second;
      head = new Date(second * 1000).toISOString().slice(0, 19);
    }
    const fraction = nanos === 0 ? "" : `.${String(nanos).padStart(9, "0").replace(/0+$/, "")}`;
    times.push(`${head}${fraction}Z`);
    nanos += 3_000_000 + ((i * 7_919_731) % 9_000_001);
    if (nanos >= 1e9) {
      nanos -= 1e9;
      second++;
    }
  }
  return times;
}

/** The start of a `/api/chat` line up to its content, at `createdAt`. */
function head(createdAt: string): string {
  return `{"model":"llama3.2","created_at":"${createdAt}","message":{"role":"assistant","content":"`;
}

/** An Ollama `/api/chat` stream: `lines` content lines, then the done line. */
export function ollamaTextStream(lines: number): string {
  const times = createdAtTimes(lines + 1);
  const parts: string[] = [];
  for (let i = 0; i < lines; i++)
    parts.push(
      `${head(times[i]!)}${WORDS[i % WORDS.length]}${WORDS[(i * 7) % WORDS.length]}"},"done":false}\n`,
    );
  parts.push(
    `${head(times[lines]!)}"},"done":true,"done_reason":"stop","prompt_eval_count":10,"eval_count":${lines},"total_duration":123456789}\n`,
  );
  return parts.join("");
}

/**
 * An Ollama stream of whole tool calls, one a line, then the done line: `lines` / 20 calls (at
 * most 1000, under the decoder's default bound of 1024 calls a choice; 1000 for the bench's
 * 20k), each with arguments `{"q": <20 words>, "n": <i>}` (0.3 MB: see `geminiToolStream`).
 */
export function ollamaToolStream(lines: number): string {
  const calls = Math.max(1, Math.min(1000, Math.floor(lines / 20)));
  const times = createdAtTimes(calls + 1);
  const parts: string[] = [];
  for (let i = 0; i < calls; i++) {
    let q = "";
    for (let w = 0; w < 20; w++) q += WORDS[(i * 7 + w * 3) % WORDS.length];
    parts.push(
      `${head(times[i]!)}","tool_calls":[{"function":{"name":"lookup_${i % 4}","arguments":{"q":"${q}","n":${i}}}}]},"done":false}\n`,
    );
  }
  parts.push(
    `${head(times[calls]!)}"},"done":true,"done_reason":"stop","prompt_eval_count":10,"eval_count":${calls}}\n`,
  );
  return parts.join("");
}

/** Core's NDJSON framing over the pieces, with `onLine` on every line; its results added up. */
function overLines(pieces: readonly Uint8Array[], onLine: (data: string) => number): number {
  let total = 0;
  const framer = ndjsonFraming.createFramer(
    {
      message: (m) => {
        total += onLine(m.data);
      },
      comment: () => {},
      tooLarge: () => {},
    },
    4 * 1024 * 1024,
  );
  const decoder = new TextDecoder();
  for (const piece of pieces) framer.feed(decoder.decode(piece, { stream: true }));
  framer.feed(decoder.decode());
  framer.end();
  return total;
}

/** The floor for NDJSON: core's line framing plus `JSON.parse` of every line. */
export function ndjsonFloor(pieces: readonly Uint8Array[]): number {
  return overLines(pieces, (data) => {
    JSON.parse(data);
    return 1;
  });
}

/**
 * The floor of a tool-call stream: the NDJSON floor plus what decoding it into the model cannot
 * avoid, `JSON.stringify` of every call's `arguments`, which the wire sends as an object and a
 * `tool-call-delta` carries as JSON text (see the Gemini function-call floor, of the same kind).
 */
function floorWithArgsText(pieces: readonly Uint8Array[]): number {
  return overLines(pieces, (data) => {
    let written = 0;
    for (const call of JSON.parse(data).message?.tool_calls ?? [])
      written += JSON.stringify(call.function.arguments).length;
    return written;
  });
}

function decode(pieces: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = createStreamDecoder(ollama, () => {
    count++;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return count;
}

/** Ours as an application reads a response: `decode(body, ollama)`, the async generator. */
async function decodeAsync(pieces: readonly Uint8Array[]): Promise<number> {
  let count = 0;
  for await (const _ of decodeBody(readableOf(pieces), ollama)) count++;
  return count;
}

/**
 * The `ollama` client's `chat({ stream: true })` on the same bytes: its real path (its NDJSON
 * line reader, `JSON.parse`, the error and `done` checks), with the `fetch` it accepts
 * answering the bytes at once instead of a network.
 */
async function ollamaClient(pieces: readonly Uint8Array[]): Promise<number> {
  const client = new Ollama({
    host: "http://127.0.0.1:11434",
    fetch: async () =>
      new Response(readableOf(pieces), { headers: { "content-type": "application/x-ndjson" } }),
  });
  const stream = await client.chat({
    model: "bench",
    messages: [{ role: "user", content: "hi" }],
    stream: true,
  });
  let count = 0;
  for await (const _ of stream) count++;
  return count;
}

export const OLLAMA_OURS_ASYNC = "ollama decode, async (decode(body))";
export const OLLAMA_SDK = "ollama client chat({ stream: true })";

export const ollamaCases: BenchCase[] = [
  { name: OLLAMA_OURS_ASYNC, stream: "ollama-text", run: decodeAsync },
  { name: OLLAMA_SDK, stream: "ollama-text", run: ollamaClient },
  { name: `${OLLAMA_OURS_ASYNC} tool calls`, stream: "ollama-tools", run: decodeAsync },
  { name: `${OLLAMA_SDK} tool calls`, stream: "ollama-tools", run: ollamaClient },
  { name: "ollama decode", stream: "ollama-text", run: decode },
  {
    name: "ollama decode (tool calls)",
    stream: "ollama-tools",
    run: decode,
    floor: async () => floorWithArgsText,
  },
  {
    name: "ollama decode (tool calls), to the plain floor (no JSON.stringify of the arguments)",
    stream: "ollama-tools",
    run: decode,
    group: "decode",
  },
];
