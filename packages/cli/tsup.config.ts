import { defineConfig } from "tsup";
import { library } from "../../tsup.base.js";

// Two builds run side by side, so neither cleans `dist` (one would delete the other's output).
export default defineConfig([
  { ...library, clean: false },
  {
    // The executable: ESM only, with the shebang that lets `sse-dialects` run it directly.
    ...library,
    entry: ["src/bin.ts"],
    format: ["esm"],
    dts: false,
    clean: false,
    banner: { js: "#!/usr/bin/env node" },
  },
]);
