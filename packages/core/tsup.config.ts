import { defineConfig } from "tsup";
import { library } from "../../tsup.base.js";

export default defineConfig([
  {
    ...library,
    format: ["esm"],
    entry: ["src/**/*.ts", "!src/**/*.test.ts", "!src/**/*.test-d.ts", "!src/test-support/**"],
    bundle: false,
    dts: { entry: "src/index.ts" },
    clean: false,
  },
  { ...library, format: ["cjs"], clean: false },
]);
