/**
 * Profiling helper: runs one bench case in a loop so `node --cpu-prof` sees only it.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/profile-case.ts "openai decode" 20
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/profile-case.ts floor 20 openai-tools
 */
import { coreCases } from "./core-cases.js";
import { elumentaCases } from "./elumenta-cases.js";
import { floor } from "./floor.js";
import {
  elumentaTextStream,
  openaiTextStream,
  openaiToolStream,
  toPieces,
} from "./generate-streams.js";
import { openaiCases } from "./openai-cases.js";
import { sdkCases } from "./sdk-cases.js";

const [name = "openai decode", times = "20", floorStream = "openai-text"] = process.argv.slice(2);
/** `floor` profiles the floor itself, over the stream named third (`openai-text` by default). */
const floorCase = { name: "floor", stream: floorStream, run: floor };
const all = [...coreCases, ...openaiCases, ...elumentaCases, ...sdkCases, floorCase];
const found = all.find((c) => c.name === name);
if (found === undefined) throw new Error(`no case ${name}: ${all.map((c) => c.name).join(", ")}`);
const text =
  found.stream === "openai-text"
    ? openaiTextStream(100_000)
    : found.stream === "openai-tools"
      ? openaiToolStream(20_000)
      : elumentaTextStream(100_000);
const pieces = toPieces(text);
for (let i = 0; i < Number(times); i++) await found.run(pieces);
