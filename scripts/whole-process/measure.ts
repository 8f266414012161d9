/**
 * Whole-process timings of the `sse-dialects` command, as a user meets them: each measured
 * command is a fresh `node` process running the built CLI (`packages/cli/dist/bin.js`; run
 * `pnpm build` first), timed from spawn to exit. Runs alternate between a command and its
 * floor so that load from elsewhere hits both alike; each ratio is the median of the per-round
 * ratios.
 *
 * - start-up: `sse-dialects --help` against `node -e 0` (target ≤ 1.4×);
 * - `convert` of a 100k-event stream of each source dialect, to OpenAI and to the source itself,
 *   against floor-reader.mjs (plain Node: read the file, frame it, `JSON.parse` every message),
 *   target ≤ 1.5× for OpenAI → OpenAI and ≤ 2× for the others.
 *
 *   node --import tsx scripts/whole-process/measure.ts [--rounds 7] [--only <text>] [--bin <file>]
 *
 * Exits 1 when a target is missed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { geminiTextStream } from "../bench/gemini-cases.js";
import {
  anthropicTextStream,
  elumentaTextStream,
  openaiTextStream,
} from "../bench/generate-streams.js";
import { ollamaTextStream } from "../bench/ollama-cases.js";
import { responsesTextStream } from "../bench/responses-cases.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
// `--bin <file>`: another build of the CLI (a bundle being tried), measured the same way.
const bin = arg("--bin") ?? join(root, "packages/cli/dist/bin.js");
const floorReader = join(root, "scripts/whole-process/floor-reader.mjs");
if (!existsSync(bin)) throw new Error(`${bin} is missing: run pnpm build first`);
const rounds = Number(arg("--rounds") ?? 7);
const only = arg("--only");

/** Wall time of one process, in ms; throws if it fails. */
function time(args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0)
    throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr.toString()}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

interface Pair {
  name: string;
  command: string[];
  floor: string[];
  target: number;
}

const dir = mkdtempSync(join(tmpdir(), "sse-dialects-whole-"));
const sources = {
  openai: { text: openaiTextStream(100_000), framing: "sse" },
  elumenta: { text: elumentaTextStream(100_000), framing: "sse" },
  anthropic: { text: anthropicTextStream(100_000), framing: "sse" },
  responses: { text: responsesTextStream(100_000), framing: "sse" },
  gemini: { text: geminiTextStream(100_000), framing: "sse" },
  ollama: { text: ollamaTextStream(100_000), framing: "ndjson" },
};
const pairs: Pair[] = [
  { name: "sse-dialects --help", command: [bin, "--help"], floor: ["-e", "0"], target: 1.4 },
];
for (const [from, { text, framing }] of Object.entries(sources)) {
  const file = join(dir, `${from}.txt`);
  writeFileSync(file, text);
  for (const to of new Set(["openai", from])) {
    pairs.push({
      name: `convert ${from} → ${to} (100k events)`,
      command: [bin, "convert", file, "--from", from, "--to", to],
      floor: [floorReader, file, framing],
      target: from === "openai" && to === "openai" ? 1.5 : 2,
    });
  }
}

let missed = 0;
try {
  console.log(`whole process, Node ${process.version}, ${rounds} alternating rounds, medians\n`);
  for (const pair of pairs) {
    if (only !== undefined && !pair.name.includes(only)) continue;
    time(pair.floor); // warm the file cache and the loader's
    time(pair.command);
    const floors: number[] = [];
    const commands: number[] = [];
    for (let i = 0; i < rounds; i++) {
      floors.push(time(pair.floor));
      commands.push(time(pair.command));
    }
    const ratio = median(commands.map((t, i) => t / floors[i]!));
    const ok = ratio <= pair.target;
    if (!ok) missed++;
    console.log(
      `${ratio.toFixed(2).padStart(6)}×  ${pair.name.padEnd(44)} ${median(commands).toFixed(0).padStart(6)} ms vs floor ${median(floors).toFixed(0).padStart(6)} ms  (target ≤ ${pair.target}×: ${ok ? "ok" : "MISSED"})`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (missed > 0) process.exitCode = 1;
