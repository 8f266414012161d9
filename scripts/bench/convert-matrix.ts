import { type AnyDialect, convert, DEFAULT_MAX_EVENT_SIZE } from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import type { BenchCase } from "./bench-case.js";
import { floor as sseFloor } from "./floor.js";
import { ndjsonFloor } from "./ollama-cases.js";
import { reencode, sourceOf } from "./openai-cases.js";

/**
 * Every ordered pair of the registry's dialects as a `convert` to bytes, on the source's text
 * stream (100k deltas).
 *
 * The floor of a pair is the source's floor (its framing + `JSON.parse` of every message) plus
 * the cost of `JSON.stringify` of every object the target writes for that stream. Reading the
 * source is the least a conversion does; writing the target's JSON is the least it does on the
 * other side. The source's floor alone would charge a pair for the target's verbosity: OpenAI's
 * ~200-byte chunk per delta written as Anthropic or Responses events is 1.5–3× the bytes, and
 * Gemini's one object per delta repeats its wrapper, so the same work would look cheap one way
 * and expensive the other. The objects stringified are the target's real output for the stream
 * (converted once, before timing, and parsed back), so the floor follows the encoder's output
 * exactly; the framing of the output is not charged (it is a few bytes per message).
 */

/** The stream a source dialect's pairs read: its text stream in bench.ts. */
const streamOf = (dialect: AnyDialect) => `${dialect.name}-text`;

/** The source's floor: NDJSON dialects have no SSE events. */
const sourceFloorOf = (dialect: AnyDialect) =>
  dialect.framing.name === "ndjson" ? ndjsonFloor : sseFloor;

/** The JSON values of the messages in `bytes`, read with `dialect`'s framing. */
async function outputObjects(
  pieces: readonly Uint8Array[],
  from: AnyDialect,
  to: AnyDialect,
): Promise<unknown[]> {
  const objects: unknown[] = [];
  const framer = to.framing.createFramer(
    {
      message(message) {
        try {
          objects.push(JSON.parse(message.data));
        } catch {
          // A terminator (`[DONE]`): written as is, no JSON to write.
        }
      },
      comment: () => {},
      tooLarge: () => {
        throw new Error(`${from.name} → ${to.name}: an output message over the size limit`);
      },
    },
    DEFAULT_MAX_EVENT_SIZE,
  );
  const text = new TextDecoder();
  for await (const bytes of convert(sourceOf(pieces), from, to))
    framer.feed(text.decode(bytes, { stream: true }));
  framer.feed(text.decode());
  framer.end();
  return objects;
}

/** The target's share of a pair's floor: `JSON.stringify` of each of its output objects. */
function stringifyAll(objects: readonly unknown[]): number {
  let length = 0;
  for (const object of objects) length += JSON.stringify(object).length;
  return length;
}

/** The largest ratio to the pair's floor a conversion may take. */
export const CONVERT_TARGET = 2;

export const convertMatrixCases: BenchCase[] = dialects.flatMap((from) =>
  dialects.map(
    (to): BenchCase => ({
      name: `convert ${from.name} → ${to.name}`,
      stream: streamOf(from),
      group: "convert",
      target: CONVERT_TARGET,
      run: (pieces) => reencode(pieces, from, to),
      async floor(pieces) {
        const sourceFloor = sourceFloorOf(from);
        const objects = await outputObjects(pieces, from, to);
        return (p) => sourceFloor(p) + stringifyAll(objects);
      },
    }),
  ),
);
