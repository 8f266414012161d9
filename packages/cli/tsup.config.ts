import { defineConfig } from "tsup";

// Two builds run side by side, so neither cleans `dist` (one would delete the other's output).
export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: false,
    target: "node20",
  },
  {
    // The executable: ESM only, with the shebang that lets `sse-dialects` run it directly.
    entry: ["src/bin.ts"],
    format: ["esm"],
    sourcemap: true,
    clean: false,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
