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
    // One minified file with every dependency inside: a command pays for start-up on every run,
    // and resolving and compiling the unbundled packages' modules was most of it. Measured with
    // scripts/whole-process/measure.ts (`--help`, 9 alternating rounds against `node -e 0`,
    // Node 20, a loaded 2-core machine): 2.01× and 1.88× unbundled, 1.70× and 1.80× bundled,
    // 1.51× bundled and minified. What remains is mostly compiling the bundle and building the
    // event schemas (zod) at import.
    noExternal: [/./],
    minify: true,
    // Dependencies written as CommonJS may `require` Node's built-ins: give the ESM bundle one.
    banner: {
      js: '#!/usr/bin/env node\nimport { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
    },
  },
]);
