import type { ByteSource } from "@sse-dialects/core";
import { type CliIo, writeOut } from "./cli-io.js";
import { decodeInput, type InputDialect } from "./decode-input.js";
import { StreamOutcome } from "./stream-outcome.js";

/**
 * `sse-dialects events`: the normalized events, one JSON object per line, each input chunk's
 * events written before the next chunk is read.
 *
 * @example
 * ```ts
 * const status = await runEvents(process.stdin, { dialect: elumenta }, io);
 * ```
 */
export async function runEvents(
  source: ByteSource,
  input: InputDialect,
  io: CliIo,
): Promise<number> {
  const outcome = new StreamOutcome();
  let out = "";
  let err = "";
  await decodeInput(
    source,
    input,
    (event) => {
      out += `${JSON.stringify(event)}\n`;
      err += outcome.observe(event);
    },
    async () => {
      const [o, e] = [out, err];
      out = err = "";
      await writeOut(io.stdout, o);
      await writeOut(io.stderr, e);
    },
  );
  return outcome.exitStatus;
}
