import { type AnyDialect, type ByteSource, createStreamEncoder } from "@sse-dialects/core";
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
  let out = "";
  let err = "";
  const drops = new DropSummary();
  const encoder = createStreamEncoder(
    to,
    (text) => {
      out += text;
    },
    { onDrop: drops.add },
  );
  const release = async () => {
    const [o, e] = [out, err];
    out = err = "";
    await writeOut(io.stdout, o);
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
