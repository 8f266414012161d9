import { defineConfig } from "tsup";
import { library } from "../../tsup.base.js";

// Two builds run side by side, so neither cleans `dist` (one would delete the other's output).
export default defineConfig([
  // The library: one file per format (`splitting: false` keeps the commands' lazy imports inside
  // it), its workspace dependencies imported, not copied.
  { ...library, clean: false, splitting: false },
  {
    // The executable: ESM only, with the shebang that lets `sse-dialects` run it directly.
    ...library,
    entry: ["src/bin.ts"],
    format: ["esm"],
    dts: false,
    clean: false,
    // Every dependency inside, minified: a command pays for start-up on every run, and resolving
    // and compiling the unbundled packages' modules was most of it. Split where the code imports
    // lazily (each dialect, the engine, the proxy), so `--help` compiles a small entry file and
    // `convert --from openai --to openai` the engine and one dialect, not all six and the HTTP
    // server. scripts/whole-process/measure.ts measures it (`--help` against `node -e 0`).
    noExternal: [/./],
    minify: true,
    splitting: true,
    esbuildOptions(options) {
      options.chunkNames = "bin-chunks/[name]-[hash]";
    },
    // Dependencies written as CommonJS may `require` Node's built-ins: give the ESM bundle one.
    banner: {
      js: '#!/usr/bin/env node\nimport { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
    },
  },
]);
