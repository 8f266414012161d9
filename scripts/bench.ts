/**
 * `pnpm bench`: every pipeline as a ratio to the floor (eventsource-parser + JSON.parse of every
 * event), measured in the same process on the same generated streams. Ratios, not times, are
 * what compare across machines.
 *
 * Adding cases: a dialect exports `BenchCase`s from `scripts/bench/<dialect>-cases.ts` and adds
 * them to `cases` below; a case names the generated stream it reads (`streams`).
 *
 * Options: `--quick` (fewer chunks and runs, for a smoke test), `--json` (machine-readable),
 * `--only <text>` (only the cases whose name contains the text).
 */
import { cpus } from "node:os";
import {
  ANTHROPIC_OURS_ASYNC,
  ANTHROPIC_SDK,
  ANTHROPIC_VERCEL_SDK,
  anthropicCases,
} from "./bench/anthropic-cases.js";
import type { BenchCase } from "./bench/bench-case.js";
import { coreCases } from "./bench/core-cases.js";
import { elumentaCases } from "./bench/elumenta-cases.js";
import { floor } from "./bench/floor.js";
import { geminiCases, geminiTextStream, geminiToolStream } from "./bench/gemini-cases.js";
import {
  anthropicTextStream,
  anthropicToolStream,
  elumentaTextStream,
  openaiTextStream,
  openaiToolStream,
  toPieces,
} from "./bench/generate-streams.js";
import {
  ndjsonFloor,
  ollamaCases,
  ollamaTextStream,
  ollamaToolStream,
} from "./bench/ollama-cases.js";
import { openaiCases } from "./bench/openai-cases.js";
import {
  responsesCases,
  responsesTextStream,
  responsesToolStream,
} from "./bench/responses-cases.js";
import { OPENAI_SDK, OURS_ASYNC, sdkCases, VERCEL_SDK } from "./bench/sdk-cases.js";

const quick = process.argv.includes("--quick");
const json = process.argv.includes("--json");
const scale = quick ? 0.1 : 1;
const runs = quick ? 3 : 11;

const streams: Record<string, Uint8Array[]> = {
  "openai-text": toPieces(openaiTextStream(100_000 * scale)),
  "openai-tools": toPieces(openaiToolStream(20_000 * scale)),
  "elumenta-text": toPieces(elumentaTextStream(100_000 * scale)),
  "responses-text": toPieces(responsesTextStream(100_000 * scale)),
  "responses-tools": toPieces(responsesToolStream(20_000 * scale)),
  "gemini-text": toPieces(geminiTextStream(100_000 * scale)),
  "gemini-tools": toPieces(geminiToolStream(20_000 * scale)),
  "ollama-text": toPieces(ollamaTextStream(100_000 * scale)),
  "ollama-tools": toPieces(ollamaToolStream(20_000 * scale)),
  "anthropic-text": toPieces(anthropicTextStream(100_000 * scale)),
  "anthropic-tools": toPieces(anthropicToolStream(20_000 * scale)),
};

/** The floor of a stream: its framing + JSON.parse (NDJSON streams have no SSE events). */
const floorOf = (stream: string) => (stream.startsWith("ollama") ? ndjsonFloor : floor);

// `--only <text>`: just the cases whose name contains it (while working on one pipeline).
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt === -1 ? undefined : process.argv[onlyAt + 1];
const cases: BenchCase[] = [
  ...coreCases,
  ...openaiCases,
  ...elumentaCases,
  ...responsesCases,
  ...geminiCases,
  ...ollamaCases,
  ...anthropicCases,
  ...sdkCases,
].filter((c) => only === undefined || c.name.includes(only));

/** Issue 7's targets, as the largest ratio to the floor each case may take. */
const targets: Record<string, number> = {
  "openai decode": 1.25,
  "openai decode (parallel tool calls)": 1.25,
  "openai → openai re-encode (convert, to bytes)": 2.0,
  "elumenta → openai convert (convert, to bytes)": 2.0,
  "responses decode": 1.25,
  "responses decode (parallel tool calls)": 1.25,
  "responses → openai convert (convert, to bytes)": 2.0,
  "openai → responses convert (convert, to bytes)": 2.0,
  "gemini decode": 1.25,
  "gemini decode (function calls)": 1.25,
  "gemini → openai convert (convert, to bytes)": 2.0,
  "ollama decode": 1.25,
  "ollama decode (tool calls)": 1.25,
  "ollama → openai convert (convert, to bytes)": 2.0,
  "anthropic decode": 1.25,
  "anthropic decode (tool calls)": 1.25,
  "anthropic → openai convert (convert, to bytes)": 2.0,
  "openai → anthropic convert (convert, to bytes)": 2.0,
};

async function time(fn: () => number | Promise<number>): Promise<{ ms: number; count: number }> {
  const start = process.hrtime.bigint();
  const count = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, count };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Row {
  case: string;
  stream: string;
  ms: number;
  floorMs: number;
  ratio: number;
}

const rows: Row[] = [];
for (const benchCase of cases) {
  const pieces = streams[benchCase.stream];
  if (pieces === undefined)
    throw new Error(`${benchCase.name}: no stream named ${benchCase.stream}`);
  const floor = benchCase.floor ?? floorOf(benchCase.stream);
  // Warm up both, then alternate them so drift (GC, JIT, the machine) hits both alike.
  for (let i = 0; i < 2; i++) {
    floor(pieces);
    await benchCase.run(pieces);
  }
  const floorTimes: number[] = [];
  const caseTimes: number[] = [];
  let expected: number | undefined;
  for (let i = 0; i < runs; i++) {
    floorTimes.push((await time(() => floor(pieces))).ms);
    const measured = await time(() => benchCase.run(pieces));
    expected ??= measured.count;
    if (measured.count !== expected)
      throw new Error(`${benchCase.name}: count changed between runs`);
    caseTimes.push(measured.ms);
  }
  const ms = median(caseTimes);
  const floorMs = median(floorTimes);
  // The ratio is the median of each run's ratio to the floor measured just before it: a burst
  // of load from elsewhere on the machine slows both of a pair, and the pair's ratio holds.
  const ratio = median(caseTimes.map((t, i) => t / floorTimes[i]!));
  rows.push({ case: benchCase.name, stream: benchCase.stream, ms, floorMs, ratio });
}

if (json) {
  console.log(
    JSON.stringify({ node: process.version, cpu: cpus()[0]?.model, quick, rows }, null, 2),
  );
} else {
  const bytes = (name: string) => streams[name]!.reduce((n, p) => n + p.length, 0);
  console.log(
    `sse-dialects bench — Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}${quick ? " (quick)" : ""}`,
  );
  console.log(
    `${runs} runs, each case right after the floor; ratio = median of (case time / floor time)\n`,
  );
  // The floor as first measured on each stream (later cases run after the SDKs' garbage).
  const floors = new Map<string, number>();
  for (const r of rows) if (!floors.has(r.stream)) floors.set(r.stream, r.floorMs);
  for (const [stream, ms] of floors) {
    console.log(
      `floor  ${stream.padEnd(14)} ${(bytes(stream) / 1e6).toFixed(1).padStart(6)} MB  ${ms.toFixed(1).padStart(8)} ms`,
    );
  }
  console.log("");
  for (const row of rows) {
    const target = targets[row.case];
    const verdict =
      target === undefined
        ? ""
        : `  (target ≤ ${target.toFixed(2)}×: ${row.ratio <= target ? "ok" : "MISSED"})`;
    console.log(
      `${row.ratio.toFixed(2).padStart(6)}×  ${row.case.padEnd(48)} ${row.stream.padEnd(14)} ${row.ms.toFixed(1).padStart(8)} ms${verdict}`,
    );
  }
  // Like for like: our async decode of a ReadableStream against each SDK's, same bytes, same run.
  console.log(
    "\nspeed-up of decode(body, openai) over the SDKs' stream decoding (their ratio / ours):",
  );
  for (const suffix of ["", " tools"]) {
    // From the ratios, each taken against its own floor runs: steadier than raw times.
    const ratioOf = (name: string) => rows.find((r) => r.case === `${name}${suffix}`)?.ratio;
    const ours = ratioOf(OURS_ASYNC);
    if (ours === undefined) continue;
    const stream = suffix === "" ? "openai-text" : "openai-tools";
    for (const sdk of [OPENAI_SDK, VERCEL_SDK]) {
      const theirs = ratioOf(sdk);
      if (theirs !== undefined)
        console.log(`${(theirs / ours).toFixed(2).padStart(6)}×  over ${sdk.padEnd(40)} ${stream}`);
    }
  }
  console.log(
    "\nspeed-up of decode(body, anthropic) over the Anthropic clients' stream decoding (their ratio / ours):",
  );
  for (const suffix of ["", " tools"]) {
    const ratioOf = (name: string) => rows.find((r) => r.case === `${name}${suffix}`)?.ratio;
    const ours = ratioOf(ANTHROPIC_OURS_ASYNC);
    if (ours === undefined) continue;
    const stream = suffix === "" ? "anthropic-text" : "anthropic-tools";
    for (const sdk of [ANTHROPIC_SDK, ANTHROPIC_VERCEL_SDK]) {
      const theirs = ratioOf(sdk);
      if (theirs !== undefined)
        console.log(`${(theirs / ours).toFixed(2).padStart(6)}×  over ${sdk.padEnd(40)} ${stream}`);
    }
  }
}
const missed = rows.filter((r) => targets[r.case] !== undefined && r.ratio > targets[r.case]!);
// A missed target fails the run (not in --quick, whose short streams make ratios noisier).
if (missed.length > 0 && !quick) process.exitCode = 1;
