import { execFileSync } from "node:child_process";

/** The paths in a `.tgz` (with `tar`), and its `package/package.json`. */
export function tarballFiles(path: string): {
  paths: string[];
  manifest: Record<string, unknown> & { dependencies?: Record<string, string> };
} {
  const paths = execFileSync("tar", ["-tzf", path], { encoding: "utf8" }).split("\n");
  const manifest = JSON.parse(
    execFileSync("tar", ["-xzOf", path, "package/package.json"], { encoding: "utf8" }),
  );
  return { paths, manifest };
}
