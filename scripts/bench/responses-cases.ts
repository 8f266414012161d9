import { createStreamDecoder, decodeAll, encodeAll, type JsonValue } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { responses } from "@sse-dialects/responses";
import type { BenchCase } from "./bench-case.js";
import { floor } from "./floor.js";
import { openaiTextStream, openaiToolStream } from "./generate-streams.js";
import { reencode } from "./openai-cases.js";

/**
 * Responses streams for the bench: the generated OpenAI text and parallel-tool-call streams,
 * as our Responses encoder writes them (`event:` lines, sequence numbers, item ids, deltas
 * with `item_id`/`output_index`/`content_index`, the `.done` events and the terminal snapshot),
 * the shape the Responses API streams.
 */
export function responsesTextStream(chunks: number): string {
  return encodeAll(decodeAll(openaiTextStream(chunks), openai), responses);
}

export function responsesToolStream(chunks: number): string {
  return encodeAll(decodeAll(openaiToolStream(chunks), openai), responses);
}

function decode(pieces: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = createStreamDecoder(responses, () => {
    count++;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return count;
}

/** The JSON objects our Responses encoder writes for a chat stream, built once per stream. */
const targets = new WeakMap<readonly Uint8Array[], JsonValue[]>();

function responsesObjectsOf(pieces: readonly Uint8Array[]): JsonValue[] {
  let objects = targets.get(pieces);
  if (objects === undefined) {
    const sse = encodeAll(decodeAll(Buffer.concat(pieces), openai), responses);
    objects = [...sse.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as JsonValue);
    targets.set(pieces, objects);
  }
  return objects;
}

/**
 * The floor of a conversion into Responses: the source's floor (its framing + `JSON.parse`)
 * plus `JSON.stringify` of every object the Responses wire carries for it — what any converter
 * must do at least, parse one side and serialize the other. Why not the source's floor alone:
 * the Responses wire is not a re-labelling of the chat chunks; each delta carries its own ids
 * (`item_id`, `output_index`, `content_index`, `sequence_number`), and the `.done` events and the
 * terminal snapshot repeat the whole text four times, so serializing the target is work the
 * source's floor does not contain (on the generated stream: 22.1 M characters out for 22.9 M in,
 * 3.2 M of them the four repeats).
 */
function convertFloor(pieces: readonly Uint8Array[]): number {
  let count = floor(pieces);
  for (const object of responsesObjectsOf(pieces))
    count += JSON.stringify(object).length > 0 ? 1 : 0;
  return count;
}

export const responsesCases: BenchCase[] = [
  { name: "responses decode", stream: "responses-text", run: decode },
  { name: "responses decode (parallel tool calls)", stream: "responses-tools", run: decode },
  {
    name: "responses → openai convert (convert, to bytes)",
    stream: "responses-text",
    run: (pieces) => reencode(pieces, responses, openai),
  },
  {
    name: "openai → responses convert (convert, to bytes)",
    stream: "openai-text",
    run: (pieces) => reencode(pieces, openai, responses),
    floor: async () => convertFloor,
  },
];
