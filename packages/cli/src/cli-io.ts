/** A stream the command writes to: `process.stdout`, or a test's stand-in. */
export interface OutputStream {
  write(chunk: string | Uint8Array): boolean;
  once(event: "drain", listener: () => void): unknown;
}

/** The command's standard streams, passed in so that it can run in-process too. */
export interface CliIo {
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: OutputStream;
  stderr: OutputStream;
  /**
   * Writes bytes to standard output at once, without building Node's stream for it, and returns
   * how many it wrote before it had to stop (`stdout` takes the rest). Short answers (`--help`,
   * `--version`) use it: `process.stdout` loads and compiles Node's stream modules, ~4 ms of a
   * `--help` that takes ~35 ms on Node 24 (`node --cpu-prof`).
   */
  writeSync?(bytes: Uint8Array): number;
}

/**
 * Writes a short text to standard output: as much as `io.writeSync` takes, the rest (all of it
 * without one) through `io.stdout`.
 */
export async function print(io: CliIo, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  const written = io.writeSync?.(bytes) ?? 0;
  if (written < bytes.length) await writeOut(io.stdout, bytes.subarray(written));
}

/**
 * Writes text or bytes and, when the stream's buffer is full, waits for it to drain: output is written as
 * it is produced, and a slow reader slows the input down instead of filling memory.
 *
 * @example
 * ```ts
 * await writeOut(process.stdout, "data: [DONE]\n\n");
 * ```
 */
export async function writeOut(stream: OutputStream, chunk: string | Uint8Array): Promise<void> {
  if (chunk.length === 0) return;
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once("drain", resolve));
}
