import { type ByteSource, MessageAccumulator } from "@sse-dialects/core";
import { toChatCompletion } from "@sse-dialects/openai";
import { type CliIo, writeOut } from "./cli-io.js";
import { decodeInput, type InputDialect } from "./decode-input.js";
import { StreamOutcome } from "./stream-outcome.js";

/**
 * `sse-dialects collect`: one OpenAI `chat.completion` object for the whole stream, written when
 * it ends, also when it ended badly (then with `error`, and exit status 1). Errors are reported
 * on standard error as they arrive.
 *
 * @example
 * ```ts
 * const status = await runCollect(process.stdin, { auto: dialects }, io);
 * ```
 */
export async function runCollect(
  source: ByteSource,
  input: InputDialect,
  io: CliIo,
): Promise<number> {
  const outcome = new StreamOutcome();
  const accumulator = new MessageAccumulator();
  let err = "";
  await decodeInput(
    source,
    input,
    (event) => {
      accumulator.push(event);
      err += outcome.observe(event);
    },
    async () => {
      const e = err;
      err = "";
      await writeOut(io.stderr, e);
    },
  );
  await writeOut(io.stdout, `${JSON.stringify(toChatCompletion(accumulator.message), null, 2)}\n`);
  return outcome.exitStatus;
}
