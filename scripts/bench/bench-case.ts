/**
 * One measured pipeline. `run` processes every piece of the stream and returns a count (events
 * or bytes) so that the work cannot be optimised away; the benchmark checks the count is the
 * same on every run.
 */
export interface BenchCase {
  name: string;
  /** The generated stream it reads: a key of `streams` in bench.ts. */
  stream: string;
  run(pieces: readonly Uint8Array[]): number | Promise<number>;
  /**
   * Its own floor, when the stream's (framing + `JSON.parse`) is not the right one: built once
   * per run of the bench from the pieces (a conversion's floor adds the cost of writing the
   * target's output, which it measures on the real output).
   */
  floor?(pieces: readonly Uint8Array[]): Promise<(pieces: readonly Uint8Array[]) => number>;
  /** The largest ratio to its floor the case may take (printed, and a miss fails the run). */
  target?: number;
  /**
   * The case whose ratio this one's is measured against instead (`collect` against the decode
   * of the same stream): the printed ratio is this case's over that case's.
   */
  relativeTo?: string;
  /** The group it is charted in (`decode`, `convert`, `peers`, …); bench.ts guesses if absent. */
  group?: string;
}

/** One measured case, as `pnpm bench --json` prints it and `--out` writes it. */
export interface BenchRow {
  case: string;
  stream: string;
  /** Where the chart draws it: `decode`, `collect`, `convert`, `peers`, `core`, … */
  group: string;
  ms: number;
  floorMs: number;
  /** To the floor, or to the `relativeTo` case's ratio. */
  ratio: number;
  target: number | undefined;
  relativeTo: string | undefined;
}

/** One run of the bench. */
export interface BenchResult {
  node: string;
  cpu: string | undefined;
  quick: boolean;
  runs: number;
  rows: BenchRow[];
}
