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
    // Only the shebang: no bundled dependency calls `require` (a `createRequire` banner loaded
    // `node:module`, and with it `node:fs/promises` and Node's stream modules, on every run:
    // `--help` on Node 24 went from ~1.35× to ~1.2× of `node -e 0` without them). A dependency
    // that needs it would fail in the smoke tests (scripts/smoke), which run the built bin.
    banner: { js: "#!/usr/bin/env node" },
  },
]);
