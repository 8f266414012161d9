/**
 * The size budget of every published entry, and of what a browser app imports to read one
 * dialect. Each is bundled by `pnpm size` (scripts/check-size.ts) from the built packages:
 * esbuild, ESM, minified, gzip level 9. Raise a budget only with the reason in the commit.
 */
export interface SizeBudget {
  /** How the README's table names it. */
  name: string;
  /** The package folder the imports resolve from. */
  from: string;
  code: string;
  platform: "browser" | "node";
  /** Gzipped bytes allowed. */
  maxGzip: number;
}

const KB = 1024;
const DIALECTS = ["openai", "elumenta", "anthropic", "responses", "gemini", "ollama"] as const;

/** `decode` plus one dialect: the hot path must not carry the zod schemas (at most 25 KB). */
const decodeOne: SizeBudget[] = DIALECTS.map((dialect) => ({
  name: `decode + ${dialect}`,
  from: `packages/${dialect}`,
  code: `import { decode } from "@sse-dialects/core";\nimport { ${dialect} } from "@sse-dialects/${dialect}";\nexport { decode, ${dialect} };`,
  platform: "browser",
  maxGzip: 25 * KB,
}));

/** Everything an entry exports, as a bundle that keeps all of it would carry. */
function wholeEntry(
  name: string,
  maxGzipKb: number,
  platform: "browser" | "node" = "browser",
): SizeBudget {
  return {
    name: `@sse-dialects/${name} (every export)`,
    from: `packages/${name}`,
    code: `export * from "@sse-dialects/${name}";`,
    platform,
    maxGzip: maxGzipKb * KB,
  };
}

export const SIZE_BUDGETS: readonly SizeBudget[] = [
  ...decodeOne,
  {
    name: "schemas (streamEventSchema)",
    from: "packages/core",
    code: `export { streamEventSchema } from "@sse-dialects/core";`,
    platform: "browser",
    maxGzip: 110 * KB,
  },
  wholeEntry("core", 120),
  // Raised when each dialect gained its request side (parse, build, non-streaming shape) and the
  // proxy became the gateway serving every front: responses 16.3 KB, registry 50.4 KB, client
  // 59.2 KB, proxy 67.8 KB, cli 71.3 KB gzipped at that merge (`pnpm size`).
  ...DIALECTS.map((dialect) => wholeEntry(dialect, 22)),
  wholeEntry("registry", 60),
  wholeEntry("client", 70),
  wholeEntry("proxy", 85, "node"),
  wholeEntry("cli", 90, "node"),
];
