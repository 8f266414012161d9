/**
 * `pnpm test:runtimes` (after `pnpm build` and `pnpm runtimes:install`): bundles the portable
 * suite (src/portable-suite.ts) from the built packages and runs it under Node, Bun, Deno,
 * workerd and headless Chromium. A runtime passes when every case passes there AND produces the
 * same observation as on Node (the same events, the same encoded bytes). `--only bun,deno`
 * runs Node and the runtimes named. Exits non-zero on any failure.
 */
import { bundleSuite } from "./driver/bundle-suite.js";
import { runChromium } from "./driver/run-chromium.js";
import { runScriptRuntime } from "./driver/run-script-runtimes.js";
import { runWorkerd } from "./driver/run-workerd.js";
import type { RuntimeRun } from "./driver/runtime-result.js";

const RUNNERS: Record<string, () => Promise<RuntimeRun>> = {
  bun: () => runScriptRuntime("bun"),
  deno: () => runScriptRuntime("deno"),
  workerd: runWorkerd,
  chromium: runChromium,
};

const onlyIndex = process.argv.indexOf("--only");
const names =
  onlyIndex === -1 ? Object.keys(RUNNERS) : (process.argv[onlyIndex + 1] ?? "").split(",");
for (const name of names) {
  if (!(name in RUNNERS))
    throw new Error(`unknown runtime ${name}; known: ${Object.keys(RUNNERS)}`);
}

await bundleSuite();
const node = await runScriptRuntime("node");
const reference = new Map(node.results.map((result) => [result.name, result.observation]));
const runs = [node];
// One after the other: the machines CI runs on are small.
for (const name of names) runs.push(await RUNNERS[name]!());

let passed = 0;
let failed = 0;
for (const run of runs) {
  console.log(`\n${run.runtime}: ${run.version}`);
  if (run.failure !== undefined) {
    failed++;
    console.log(`  ✗ could not run the suite: ${run.failure}`);
    continue;
  }
  if (run.results.length === 0) {
    failed++;
    console.log("  ✗ ran no case");
  }
  for (const result of run.results) {
    let error = result.error;
    if (result.ok && reference.has(result.name)) {
      const expected = JSON.stringify(reference.get(result.name));
      if (JSON.stringify(result.observation) !== expected) {
        error = `differs from Node's output: ${JSON.stringify(result.observation).slice(0, 400)} vs ${expected.slice(0, 400)}`;
      }
    }
    if (result.ok && error === undefined) passed++;
    else failed++;
    console.log(
      `  ${error === undefined ? "✓" : "✗"} ${result.name}${error ? `\n      ${error}` : ""}`,
    );
  }
}
console.log(`\nruntimes: ${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
