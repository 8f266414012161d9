import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** What one bundle weighs, and which inputs (grouped by package or dist folder) make it up. */
export interface BundleSize {
  /** Minified bytes. */
  raw: number;
  /** Gzipped bytes (level 9, as a server or CDN compressing ahead of time would send it). */
  gzip: number;
  /** Minified bytes each input contributed, largest first. */
  inputs: Array<[string, number]>;
}

export interface BundleOptions {
  /** The module bundled: usually a few `import`/`export` lines. */
  code: string;
  /** The folder the code's imports resolve from (a package folder, so its dependencies resolve). */
  resolveDir: string;
  platform: "browser" | "node";
}

/**
 * Bundles `code` the way an application bundler would for production (esbuild, ESM, minified,
 * tree-shaken, honouring `sideEffects: false`) against the BUILT packages, and weighs it.
 */
export async function measureBundle(options: BundleOptions): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: options.code, resolveDir: options.resolveDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: options.platform,
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const [file] = result.outputFiles;
  if (file === undefined) throw new Error("esbuild wrote no bundle");
  const output = Object.values(result.metafile.outputs)[0];
  const byGroup = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const group = groupOf(path);
    byGroup.set(group, (byGroup.get(group) ?? 0) + input.bytesInOutput);
  }
  return {
    raw: file.contents.byteLength,
    gzip: gzipSync(file.contents, { level: 9 }).byteLength,
    inputs: [...byGroup].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]),
  };
}

/** `zod` for anything under its node_modules folder, `packages/core/dist` for our own. */
function groupOf(path: string): string {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(
    path,
  );
  if (dependency?.[1] !== undefined) return dependency[1];
  const own = /packages\/[^/]+\/dist/.exec(path);
  return own?.[0] ?? path;
}
