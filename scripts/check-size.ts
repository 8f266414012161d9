/**
 * `pnpm size` (after `pnpm build`): bundles every entry of scripts/size/size-budgets.ts from the
 * built packages, prints a Markdown table of the sizes (the README's) and fails when one is over
 * its budget. `pnpm size --why` also lists what each bundle is made of (from esbuild's metafile).
 */
import { fileURLToPath } from "node:url";
import { measureBundle } from "./size/measure-bundle.js";
import { SIZE_BUDGETS } from "./size/size-budgets.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const why = process.argv.includes("--why");
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const over: string[] = [];
console.log("| entry | minified | gzipped | budget (gzipped) |");
console.log("|---|---:|---:|---:|");
for (const budget of SIZE_BUDGETS) {
  const size = await measureBundle({
    code: budget.code,
    resolveDir: `${root}${budget.from}`,
    platform: budget.platform,
  });
  const mark = size.gzip > budget.maxGzip ? " **over**" : "";
  console.log(
    `| ${budget.name} | ${kb(size.raw)} | ${kb(size.gzip)}${mark} | ${kb(budget.maxGzip)} |`,
  );
  if (mark !== "") over.push(`${budget.name}: ${kb(size.gzip)} > ${kb(budget.maxGzip)}`);
  if (why)
    for (const [input, bytes] of size.inputs) console.log(`|   ${input} | ${kb(bytes)} | | |`);
}
if (over.length > 0) {
  console.error(`\n${over.length} bundle(s) over budget:\n  ${over.join("\n  ")}`);
  console.error("Run `pnpm size --why` to see what each bundle carries.");
  process.exit(1);
}
