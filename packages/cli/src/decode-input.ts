import {
  type AnyDialect,
  type ByteSource,
  createAutoDecoder,
  createStreamDecoder,
  type Emit,
  failureOf,
  type StreamDecoder,
} from "@sse-dialects/core";

/** Where the decoded stream comes from: one dialect, or every installed one with detection. */
export type InputDialect = { dialect: AnyDialect } | { auto: readonly AnyDialect[] };

/**
 * Decodes `source` into `emit`, calling `afterChunk` after each input chunk (where commands
 * write what the chunk completed) and waiting for it, so output keeps pace with input. A source
 * that fails (a read error) ends the stream with that error after everything before it.
 *
 * @example
 * ```ts
 * await decodeInput(process.stdin, { dialect: elumenta }, (e) => console.log(e), async () => {});
 * ```
 */
export async function decodeInput(
  source: ByteSource,
  input: InputDialect,
  emit: Emit,
  afterChunk: () => Promise<void>,
): Promise<void> {
  let ended = false;
  const track: Emit = (event) => {
    if (event.type === "end") ended = true;
    emit(event);
  };
  const decoder: StreamDecoder =
    "dialect" in input
      ? createStreamDecoder(input.dialect, track)
      : createAutoDecoder(input.auto, track);
  try {
    for await (const chunk of source) {
      decoder.push(chunk);
      await afterChunk();
      // Detection failed and ended the stream: reading on would change nothing.
      if (ended) break;
    }
    decoder.close();
  } catch (error) {
    decoder.close(failureOf(error));
  }
  await afterChunk();
}
