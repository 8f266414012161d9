import {
  type AnyDialect,
  type ByteSource,
  createStreamEncoder,
  Utf8Batch,
} from "@sse-dialects/core";
import { type CliIo, writeOut } from "./cli-io.js";
import { decodeInput, type InputDialect } from "./decode-input.js";
import { StreamOutcome } from "./stream-outcome.js";
import { DropSummary } from "./summarize-drops.js";

/**
 * `sse-dialects convert`: the stream re-encoded to `to`. After each input chunk the encoder is
 * flushed and what it wrote goes out, so output keeps pace with input; errors in the stream are
 * encoded into the output (as `to` expresses them) and also reported on standard error, and so
 * is, at the end, a summary of what `to` could not express (the drop report).
 *
 * @example
 * ```ts
 * const status = await runConvert(process.stdin, { dialect: elumenta }, openai, io);
 * ```
 */
export async function runConvert(
  source: ByteSource,
  input: InputDialect,
  to: AnyDialect,
  io: CliIo,
): Promise<number> {
  const outcome = new StreamOutcome();
  // The output goes to UTF-8 bytes piece by piece, as core's `convert` does: a batch held as
  // one concatenated string is flattened and then encoded by the write, which cost ~8% of an
  // OpenAI → OpenAI conversion's instructions (callgrind, scripts/whole-process/measure.ts).
  const out = new Utf8Batch();
  let err = "";
  const drops = new DropSummary();
  const encoder = createStreamEncoder(to, out.write, { onDrop: drops.add });
  const release = async () => {
    const e = err;
    err = "";
    const bytes = out.take();
    if (bytes !== undefined) await writeOut(io.stdout, bytes);
    await writeOut(io.stderr, e);
  };
  await decodeInput(
    source,
    input,
    (event) => {
      encoder.push(event);
      err += outcome.observe(event);
    },
    async () => {
      encoder.flush();
      await release();
    },
  );
  encoder.close();
  err += drops.text();
  await release();
  return outcome.exitStatus;
}
