import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const packages = fileURLToPath(new URL("./packages/", import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources, so `pnpm test` needs no build step.
    alias: [
      {
        find: /^@sse-dialects\/registry\/loaders$/,
        replacement: `${packages}registry/src/dialect-loaders.ts`,
      },
      { find: /^@sse-dialects\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` },
    ],
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "scripts/**/*.test.ts"],
    // Type tests (`*.test-d.ts`) run in `pnpm test` too: what must not compile is a test.
    typecheck: {
      enabled: true,
      include: ["packages/*/src/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
