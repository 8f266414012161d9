import type { Options } from "tsup";

/**
 * The build every package shares: ESM + CJS + types from `src/index.ts`, for Node 20 and up.
 * A package's `tsup.config.ts` is `defineConfig(library)`, or spreads it to add entries.
 */
export const library: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
};
