/**
 * `pnpm fuzz`: the conformance suite's survival properties, run long. For every dialect of the
 * registry (or those named with `--dialect`), arbitrary bytes, hostile JSON values in any field of
 * its fixtures and byte-level damage to its fixtures are decoded, accumulated and encoded into
 * every dialect; nothing may throw, every event must be valid, the stream must end once.
 *
 * Options: `--runs N` per property (default 2000), `--seconds S` (default 0: no limit; with it,
 * each property stops early once the time is up — fast-check's `interruptAfterTimeLimit`),
 * `--seed N` (default: random, printed so a failure can be replayed), `--dialect NAME`
 * (repeatable). Exits 1 on the first failing property, printing fast-check's counterexample and
 * the seed and path that replay it.
 */
import { parseArgs } from "node:util";
import { dialects, findDialect } from "@sse-dialects/registry";
import { loadFixtures, survivalProperties } from "@sse-dialects/testkit";
import fc from "fast-check";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "2000" },
    seconds: { type: "string", default: "0" },
    seed: { type: "string" },
    dialect: { type: "string", multiple: true },
  },
});

const runs = Number(values.runs);
const seconds = Number(values.seconds);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer`);
if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`--seconds must be 0 or more`);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer`);

const chosen = (values.dialect ?? []).map((name) => {
  const dialect = findDialect(name);
  if (dialect === undefined) throw new Error(`No dialect named ${name}`);
  return dialect;
});
const sources = chosen.length > 0 ? chosen : dialects;

console.log(
  `fuzz: seed ${seed}, ${runs} runs per property${seconds > 0 ? `, at most ${seconds} s each` : ""}, dialects ${sources.map((d) => d.name).join(", ")}`,
);
let failed = false;
for (const dialect of sources) {
  const fixtures = loadFixtures(dialect.name).map((f) => f.bytes);
  for (const { name, property } of survivalProperties(dialect, fixtures, dialects)) {
    const started = performance.now();
    const details = fc.check(property, {
      numRuns: runs,
      seed,
      ...(seconds > 0 ? { interruptAfterTimeLimit: seconds * 1000 } : {}),
    });
    const took = ((performance.now() - started) / 1000).toFixed(1);
    if (details.failed) {
      failed = true;
      console.log(`✗ ${dialect.name}: ${name} — failed after ${details.numRuns} runs (${took} s)`);
      console.log(fc.defaultReportMessage(details));
      console.log(`replay: --seed ${details.seed} (path ${details.counterexamplePath})`);
      break;
    }
    console.log(`✓ ${dialect.name}: ${name} — ${details.numRuns} runs in ${took} s`);
  }
  if (failed) break;
}
// Inputs are a fixture's size plus a few hundred bytes: the whole run's peak memory stays small.
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS of the whole run: ${peak.toFixed(0)} MiB`);
process.exitCode = failed ? 1 : 0;
