import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Memory while decoding and re-encoding a long generated stream (issue 7). The stream is
 * 200 MiB here (`MEMORY_CHECK_MB=1024` for the full 1 GiB check); the bound does not depend on
 * the stream's length, which is the point: memory does not grow with the stream.
 *
 * The check runs with V8's heap capped (64 MB old space, 8 MB semi-spaces): a pipeline that
 * kept anything per event would run out of heap long before 200 MiB, so finishing at all proves
 * the live memory is bounded, on any Node version. With default flags, the peak RSS is mostly
 * V8's own choice of how much garbage to let pile up, and that choice differs between Node
 * versions (measured before issue 7's work, 200 MiB Elumenta → OpenAI: 127 MB on Node 20, 261
 * MB on Node 24, with the heap after a GC at 8 MB on both).
 *
 * The bound is issue 7's 100 MB. Measured after issue 7's work, 200 MiB: Node 20.20 76–78 MB
 * with these flags and with default flags (1 GiB, default flags: 92–94 MB), from a start of
 * ~47 MB; Node 24.21 86–89 MB either way, from a start of ~59 MB. What V8 keeps above that grows with what survives its young-generation GCs,
 * so the pipeline allocates little per event and keeps little alive between chunks (Utf8Batch
 * for the output, the decoder's 4 KiB slices for the input).
 */
const BOUND_MB = Number(process.env.MEMORY_BOUND_MB ?? 100);
const HEAP_FLAGS = ["--max-old-space-size=64", "--max-semi-space-size=8"];
const root = fileURLToPath(new URL("..", import.meta.url));
const mb = Number(process.env.MEMORY_CHECK_MB ?? 200);
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sse-dialects-memory-"));
  bundle = join(dir, "memory-check.mjs");
  // Bundled and run under plain node: a TypeScript loader would add its own ~40 MB.
  await build({
    entryPoints: [join(root, "scripts/memory-check.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: bundle,
    logLevel: "silent",
    alias: Object.fromEntries(
      ["core", "openai", "elumenta", "anthropic", "responses", "gemini", "ollama", "registry"].map(
        (p) => [`@sse-dialects/${p}`, join(root, `packages/${p}/src/index.ts`)],
      ),
    ),
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A sample of the ordered pairs in which every dialect is once the source and once the target
 * (a cycle through the registry), so every decoder and every encoder is measured; the 1 GiB
 * check of every pair is `node --import tsx scripts/memory-check.ts --all`.
 *
 * Responses is left out, known and open: its terminal events (`response.output_text.done`,
 * `response.completed`) repeat the whole text, so an encoder writing it holds the whole answer,
 * and 200 MiB of text runs out of the capped heap (so does the source generator, which is that
 * encoder). Each pair takes ~17 s of CPU at 200 MiB on Node 20 (five: ~1.5 min; wall time on a
 * loaded 2-core machine was 30–100 s each).
 */
const PAIRS: [string, string][] = [
  ["openai", "anthropic"],
  ["anthropic", "gemini"],
  ["gemini", "ollama"],
  ["ollama", "elumenta"],
  ["elumenta", "openai"],
];

describe.each(PAIRS)("memory: %s → %s over a long stream", (from, to) => {
  it(`keeps peak RSS under ${BOUND_MB} MB for ${mb} MiB`, () => {
    const out = execFileSync(
      process.execPath,
      [...HEAP_FLAGS, bundle, "--from", from, "--to", to, "--mb", String(mb)],
      { encoding: "utf8", timeout: 240_000 },
    );
    const result = JSON.parse(out) as { mbOut: number; errors: number; peakRssMb: number };
    expect(result.errors).toBe(0);
    expect(result.mbOut).toBeGreaterThan(mb / 8);
    expect(result.peakRssMb).toBeLessThan(BOUND_MB);
  }, 300_000);
});
