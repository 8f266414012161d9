/**
 * `pnpm bench`: every pipeline as a ratio to the floor (eventsource-parser + JSON.parse of every
 * event), measured in the same process on the same generated streams. Ratios, not times, are
 * what compare across machines.
 *
 * Adding cases: a dialect exports `BenchCase`s from `scripts/bench/<dialect>-cases.ts` and adds
 * them to `cases` below; a case names the generated stream it reads (`streams`).
 *
 * Options: `--quick` (fewer chunks and runs, for a smoke test), `--json` (machine-readable).
 */
import { cpus } from "node:os";
import type { BenchCase } from "./bench/bench-case.js";
import { coreCases } from "./bench/core-cases.js";
import { elumentaCases } from "./bench/elumenta-cases.js";
import { floor } from "./bench/floor.js";
import {
  elumentaTextStream,
  openaiTextStream,
  openaiToolStream,
  toPieces,
} from "./bench/generate-streams.js";
import { openaiCases } from "./bench/openai-cases.js";

const quick = process.argv.includes("--quick");
const json = process.argv.includes("--json");
const scale = quick ? 0.1 : 1;
const runs = quick ? 3 : 9;

const streams: Record<string, Uint8Array[]> = {
  "openai-text": toPieces(openaiTextStream(100_000 * scale)),
  "openai-tools": toPieces(openaiToolStream(20_000 * scale)),
  "elumenta-text": toPieces(elumentaTextStream(100_000 * scale)),
};

const cases: BenchCase[] = [...coreCases, ...openaiCases, ...elumentaCases];

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
  rows.push({ case: benchCase.name, stream: benchCase.stream, ms, floorMs, ratio: ms / floorMs });
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
  console.log(`median of ${runs} runs; ratio = pipeline time / floor time on the same stream\n`);
  const floors = new Map(rows.map((r) => [r.stream, r.floorMs]));
  for (const [stream, ms] of floors) {
    console.log(
      `floor  ${stream.padEnd(14)} ${(bytes(stream) / 1e6).toFixed(1).padStart(6)} MB  ${ms.toFixed(1).padStart(8)} ms`,
    );
  }
  console.log("");
  for (const row of rows) {
    console.log(
      `${row.ratio.toFixed(2).padStart(6)}×  ${row.case.padEnd(52)} ${row.stream.padEnd(14)} ${row.ms.toFixed(1).padStart(8)} ms`,
    );
  }
}
