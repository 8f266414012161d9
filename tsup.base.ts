import { rmSync } from "node:fs";
import type { Options } from "tsup";

/**
 * The build every package shares: ESM + CJS + types from `src/index.ts`, for Node 20 and up.
 * A package's `tsup.config.ts` is `defineConfig(libraryBuilds())`; `library` (one bundled file
 * per format) is for what is not imported by applications, such as the CLI.
 */
export const library: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  // Keep `node:http`, not `http`: bundlers for Workers, Deno and browsers know a `node:`
  // specifier is a built-in, while a bare `http` reads as an npm package that does not exist.
  removeNodeProtocol: false,
};

/**
 * A library's two builds. The ESM build keeps one file per source module (`bundle: false`):
 * with `sideEffects: false`, an application's bundler then drops every module whose exports it
 * does not use, whole, even one with top-level work such as the zod schemas or an import of
 * `node:http`; inside one bundled file it could only drop what it can prove pure. The CJS build
 * (Node's `require`, where size does not matter) stays one file.
 * The two builds run side by side, so `dist` is emptied here, once, rather than by either.
 */
export function libraryBuilds(): Options[] {
  rmSync("dist", { recursive: true, force: true });
  return [
    {
      ...library,
      format: ["esm"],
      entry: [
        "src/**/*.ts",
        "!src/**/*.test.ts",
        "!src/**/*.test-d.ts",
        "!src/**/test-support/**",
        "!src/**/test/**",
      ],
      bundle: false,
      dts: { entry: "src/index.ts" },
      clean: false,
    },
    // The declarations are made once (the slow part of a build) and copied to `index.d.cts` by
    // the package's build script: tsup writes the same text for both formats.
    { ...library, format: ["cjs"], dts: false, clean: false },
  ];
}
