import { defineConfig } from "tsup";
import { libraryBuilds } from "../../tsup.base.js";

// Two entry points: the package, and `@sse-dialects/registry/loaders` (the dialects by name,
// each imported when loaded), which a bundle can take without the `dialects` list's static
// imports of every dialect.
const entry = ["src/index.ts", "src/dialect-loaders.ts"];
const [esm, cjs] = libraryBuilds();
export default defineConfig([
  { ...esm, dts: { entry } },
  { ...cjs, entry },
]);
