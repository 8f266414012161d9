import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

/**
 * Makes `dir` a place where a README's code resolves its imports as a user's project would:
 * `@sse-dialects/<name>` is the package folder itself (its `exports` point at the BUILT `dist`,
 * never at the sources), and every other package the repository installed (`openai`, `hono`,
 * `@types/node`, …) is linked from the root's or a package's `node_modules`.
 *
 * @example
 * ```ts
 * prepareDocsWorkspace("/repo", "/tmp/docs-1");
 * // /tmp/docs-1/node_modules/@sse-dialects/core -> /repo/packages/core
 * ```
 */
export function prepareDocsWorkspace(root: string, dir: string): void {
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@sse-dialects"), { recursive: true });
  const packages = join(root, "packages");
  for (const name of readdirSync(packages)) {
    const manifestPath = join(packages, name, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { name: string };
    link(join(packages, name), join(modules, manifest.name));
  }
  // The root's packages first, then each package's own dependencies (hono, zod, …).
  const sources = [
    join(root, "node_modules"),
    ...readdirSync(packages).map((name) => join(packages, name, "node_modules")),
  ];
  for (const source of sources) {
    if (!existsSync(source)) continue;
    for (const entry of readdirSync(source)) {
      if (entry.startsWith(".") || entry === "@sse-dialects") continue;
      if (!entry.startsWith("@")) {
        link(join(source, entry), join(modules, entry));
        continue;
      }
      mkdirSync(join(modules, entry), { recursive: true });
      for (const scoped of readdirSync(join(source, entry))) {
        link(join(source, entry, scoped), join(modules, entry, scoped));
      }
    }
  }
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ type: "module", private: true })}\n`,
  );
}

function link(target: string, path: string): void {
  if (!existsSync(path)) symlinkSync(target, path, "dir");
}
