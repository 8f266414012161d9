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
  ...DIALECTS.map((dialect) => wholeEntry(dialect, 16)),
  wholeEntry("registry", 40),
  wholeEntry("client", 50),
  wholeEntry("proxy", 55, "node"),
  wholeEntry("cli", 60, "node"),
];
