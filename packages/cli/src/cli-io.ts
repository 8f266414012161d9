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
