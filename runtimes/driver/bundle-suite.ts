import { mkdirSync } from "node:fs";
import { build } from "esbuild";
import { RUNTIMES_DIR } from "./tools.js";

export const OUT_DIR = `${RUNTIMES_DIR}dist/`;

/**
 * Bundles the suite's entries from the BUILT packages (resolved through this private package's
 * workspace dependencies, by their `exports`, as a user's bundler would): a script for Node, Bun
 * and Deno, an IIFE for the page, and two Worker modules for workerd.
 */
export async function bundleSuite(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const common = {
    bundle: true,
    absWorkingDir: RUNTIMES_DIR,
    target: "es2022",
    logLevel: "warning" as const,
    // Not the repository's tsconfig, whose `paths` point at the sources: the built packages.
    tsconfigRaw: { compilerOptions: {} },
    // Node built-ins the proxy's Node adapters import; tree-shaken away where unused.
    external: ["node:*"],
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: ["src/entry-script.ts"],
      outfile: `${OUT_DIR}suite-script.mjs`,
      format: "esm",
      platform: "neutral",
      mainFields: ["module", "main"],
    }),
    build({
      ...common,
      entryPoints: ["src/entry-browser.ts"],
      outfile: `${OUT_DIR}suite-browser.js`,
      format: "iife",
      platform: "browser",
    }),
    ...["entry-worker", "upstream-worker"].map((name) =>
      build({
        ...common,
        entryPoints: [`src/${name}.ts`],
        outfile: `${OUT_DIR}${name}.mjs`,
        format: "esm",
        platform: "browser",
        conditions: ["workerd", "worker", "browser"],
      }),
    ),
  ]);
}
