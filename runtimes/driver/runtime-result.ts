import type { CaseResult } from "../src/portable-suite.js";

/** What one runtime did: its version, and each case's result (or why the run failed). */
export interface RuntimeRun {
  runtime: string;
  version: string;
  results: CaseResult[];
  /** Set when the runtime could not run the suite at all. */
  failure?: string;
}

/** The `RESULTS <json>` line a script entry prints. */
export function parseResultsLine(stdout: string): CaseResult[] {
  const line = stdout.split("\n").find((candidate) => candidate.startsWith("RESULTS "));
  if (line === undefined)
    throw new Error(`no RESULTS line in its output:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(line.slice("RESULTS ".length)) as CaseResult[];
}
