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
   * This case's own floor, when the stream's framing + `JSON.parse` is not all a pipeline must
   * do (a conversion whose target wire is much larger: see the case's comment). Its count is
   * not compared with `run`'s.
   */
  floor?: (pieces: readonly Uint8Array[]) => number;
}
