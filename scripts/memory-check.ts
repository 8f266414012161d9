/**
 * The memory check: convert a long stream from one dialect to another, with the stream produced
 * piece by piece (never held in memory) and the output counted and dropped, then report the
 * process's peak RSS. Memory must stay flat however long the stream is.
 *
 *   node --import tsx scripts/memory-check.ts --from elumenta --to openai --mb 1024
 *   node --import tsx scripts/memory-check.ts --all --mb 1024   # every ordered pair, one process each
 *
 * The source stream is the source dialect's own encoder writing a long text answer (its start,
 * text deltas of two words each until `--mb` MiB, a finish, usage and the end), in 64 KiB
 * pieces cut anywhere, as network reads are. The encoder is the one under test elsewhere; here
 * it only stands in for a provider, and what is measured is the whole process.
 *
 * `scripts/memory-check.test.ts` bundles this file and runs it under plain `node`, so that the
 * TypeScript loader's own memory does not count; `--all` re-runs this same file per pair.
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import {
  type AnyDialect,
  convert,
  createStreamEncoder,
  decode,
  type StreamEvent,
} from "@sse-dialects/core";
import { dialects, findDialect } from "@sse-dialects/registry";

const { values } = parseArgs({
  options: {
    from: { type: "string", default: "openai" },
    to: { type: "string", default: "openai" },
    mb: { type: "string", default: "1024" },
    all: { type: "boolean", default: false },
  },
});

const PIECE = 64 * 1024;
const WORDS = [
  "the",
  " quick",
  " brown",
  " fox",
  " jumps",
  " over",
  " lazy",
  " dog",
  ",",
  " é",
  " 日本",
  " 🦀",
  "\n",
  ' "q"',
];

/** A provider's long answer in `dialect`, `totalBytes` long, in pieces of PIECE bytes. */
export async function* longStream(
  dialect: AnyDialect,
  totalBytes: number,
): AsyncGenerator<Uint8Array> {
  const utf8 = new TextEncoder();
  let pending: string[] = [];
  let pendingLength = 0;
  let sent = 0;
  const encoder = createStreamEncoder(dialect, (text) => {
    pending.push(text);
    pendingLength += text.length;
  });
  const take = (): Uint8Array => {
    const bytes = utf8.encode(pending.join(""));
    pending = [];
    pendingLength = 0;
    sent += bytes.length;
    return bytes;
  };
  const start: StreamEvent[] = [
    { type: "metadata", id: "long_1", model: "model-long", created: 1_700_000_000 },
    { type: "role", choice: 0, role: "assistant" },
  ];
  for (const event of start) encoder.push(event);
  // A deterministic walk over the words (no need for randomness to measure memory).
  let i = 0;
  while (sent < totalBytes) {
    const text = WORDS[i % WORDS.length]! + WORDS[(i * 7 + 3) % WORDS.length]!;
    i++;
    encoder.push({ type: "text-delta", choice: 0, text });
    encoder.flush();
    if (pendingLength >= PIECE) {
      const bytes = take();
      // Cut anywhere, even inside a character: as a network read is.
      for (let at = 0; at < bytes.length; at += PIECE) yield bytes.subarray(at, at + PIECE);
    }
  }
  encoder.push({ type: "finish", choice: 0, reason: "stop", raw: "stop" });
  encoder.push({ type: "usage", promptTokens: 10, completionTokens: i, totalTokens: 10 + i });
  encoder.push({ type: "end", reason: "done" });
  encoder.close();
  yield take();
}

function dialectNamed(name: string): AnyDialect {
  const dialect = findDialect(name);
  if (dialect === undefined) throw new Error(`no dialect ${name}`);
  return dialect;
}

async function runOne(from: AnyDialect, to: AnyDialect, mb: number): Promise<void> {
  const baselineRss = process.memoryUsage().rss;
  let bytesOut = 0;
  for await (const bytes of convert(longStream(from, mb * 1024 * 1024), from, to, {
    encode: { onDrop: () => {} },
  }))
    bytesOut += bytes.length;
  // A source the decoder rejects would make the check moot: its start decodes without error.
  let errors = 0;
  for await (const event of decode(longStream(from, PIECE), from))
    if (event.type === "error") errors++;
  console.log(
    JSON.stringify({
      from: from.name,
      to: to.name,
      mbIn: mb,
      mbOut: Math.round(bytesOut / 1024 / 1024),
      errors,
      baselineRssMb: Math.round(baselineRss / 1024 / 1024),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

if (values.all) {
  // One process per pair, so each peak is its own.
  const script = process.argv[1]!;
  for (const from of dialects) {
    for (const to of dialects) {
      try {
        const out = execFileSync(
          process.execPath,
          [...process.execArgv, script, "--from", from.name, "--to", to.name, "--mb", values.mb],
          { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
        );
        process.stdout.write(out);
      } catch (error) {
        // Out of memory (a heap cap in execArgv) is a result too: the pair is not bounded.
        const status = (error as { status?: number }).status;
        console.log(JSON.stringify({ from: from.name, to: to.name, failed: `exit ${status}` }));
        process.exitCode = 1;
      }
    }
  }
} else {
  await runOne(dialectNamed(values.from), dialectNamed(values.to), Number(values.mb));
}
