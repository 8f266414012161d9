import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { OUT_DIR } from "./bundle-suite.js";
import { parseResultsLine, type RuntimeRun } from "./runtime-result.js";
import { toolBin } from "./tools.js";

const run = promisify(execFile);
const LIMITS = { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 };

/** How each script runtime runs the bundled suite, and asks its version. */
const RUNTIMES = {
  node: { bin: () => process.execPath, args: [] as string[], version: ["--version"] },
  bun: { bin: () => toolBin("bun"), args: ["run"], version: ["--version"] },
  // No permission flag: the suite needs no file, network or environment access.
  deno: { bin: () => toolBin("deno"), args: ["run", "--no-prompt"], version: ["--version"] },
};

export type ScriptRuntime = keyof typeof RUNTIMES;

export async function runScriptRuntime(name: ScriptRuntime): Promise<RuntimeRun> {
  const runtime = RUNTIMES[name];
  const bin = runtime.bin();
  const version = (await run(bin, runtime.version, LIMITS)).stdout.split("\n")[0]!.trim();
  try {
    const { stdout } = await run(bin, [...runtime.args, `${OUT_DIR}suite-script.mjs`], LIMITS);
    return { runtime: name, version, results: parseResultsLine(stdout) };
  } catch (error) {
    return { runtime: name, version, results: [], failure: String(error) };
  }
}
