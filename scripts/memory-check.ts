/**
 * The memory check (issue 7): decode a long generated stream and re-encode it to OpenAI SSE,
 * with the stream produced piece by piece (never held in memory) and the output counted and
 * dropped, then report the process's peak RSS. Memory must stay flat however long the stream is.
 *
 *   node --import tsx scripts/memory-check.ts --from elumenta --mb 1024
 *
 * `scripts/memory-check.test.ts` bundles this file and runs it under plain `node`, so that the
 * TypeScript loader's own memory does not count.
 */
import { parseArgs } from "node:util";
import { convert } from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { openai } from "@sse-dialects/openai";
import { generateLongStream } from "./bench/generate-streams.js";

const { values } = parseArgs({
  options: { from: { type: "string", default: "openai" }, mb: { type: "string", default: "1024" } },
});
const from = values.from === "elumenta" ? "elumenta" : "openai";
const totalBytes = Number(values.mb) * 1024 * 1024;

async function* source(): AsyncGenerator<Uint8Array> {
  yield* generateLongStream(from, totalBytes);
}

const baselineRss = process.memoryUsage().rss;
let bytesOut = 0;
let last: Uint8Array = new Uint8Array(0);
for await (const bytes of convert(source(), from === "openai" ? openai : elumenta, openai)) {
  bytesOut += bytes.length;
  last = bytes;
}
const tail = new TextDecoder().decode(last.subarray(-200));
console.log(
  JSON.stringify({
    from,
    mbIn: Number(values.mb),
    mbOut: Math.round(bytesOut / 1024 / 1024),
    endsWithDone: tail.endsWith("data: [DONE]\n\n"),
    baselineRssMb: Math.round(baselineRss / 1024 / 1024),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
