/**
 * `pnpm smoke:tarballs` (after `pnpm build`): what a user gets from npm. Packs every published
 * package with `pnpm pack` (workspace ranges become versions), checks each tarball's files,
 * installs them all into a fresh npm project in a temporary folder (their dependencies from
 * the registry), then runs one example as ESM and as CommonJS, type-checks it with TypeScript
 * under `module: nodenext` (ESM and CJS files) and `moduleResolution: bundler`, and pipes a
 * stream through the installed `sse-dialects` command.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CLI_INPUT, EXPECTED_OUTPUT, FILES } from "./smoke/example-programs.js";
import { tarballFiles } from "./smoke/tarball-files.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "sse-dialects-smoke-"));
const tarballs = join(work, "tarballs");
const project = join(work, "project");
const keep = process.argv.includes("--keep");

function run(command: string, args: string[], cwd: string, input?: string): string {
  return execFileSync(command, args, {
    cwd,
    input,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

function step(what: string): void {
  console.log(`smoke: ${what}`);
}

let passed = 0;
const failures: string[] = [];
function expect(what: string, check: () => void): void {
  try {
    check();
    passed++;
    console.log(`  ✓ ${what}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const stderr = (error as { stderr?: string }).stderr ?? "";
    const stdout = (error as { stdout?: string }).stdout ?? "";
    failures.push(what);
    console.log(`  ✗ ${what}\n${[message, stdout, stderr].join("\n").trim().slice(0, 4000)}`);
  }
}

try {
  step("pnpm pack every published package");
  const packages = readdirSync(join(root, "packages")).filter((name) => {
    const manifest = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
    return manifest.private !== true;
  });
  for (const name of packages) {
    run("pnpm", ["pack", "--pack-destination", tarballs], join(root, "packages", name));
  }
  const files = readdirSync(tarballs).filter((file) => file.endsWith(".tgz"));
  for (const file of files) {
    expect(`${file}: LICENSE, README, ESM + CJS + types, no workspace: ranges`, () => {
      const { paths, manifest } = tarballFiles(join(tarballs, file));
      for (const required of [
        "package/LICENSE",
        "package/README.md",
        "package/dist/index.js",
        "package/dist/index.cjs",
        "package/dist/index.d.ts",
        "package/dist/index.d.cts",
      ]) {
        if (!paths.includes(required)) throw new Error(`missing ${required}`);
      }
      const license = readFileSync(join(root, "LICENSE"), "utf8");
      if (manifest.license !== "MIT" || !license.startsWith("MIT License")) {
        throw new Error("not MIT");
      }
      const ranges = JSON.stringify(manifest.dependencies ?? {});
      if (ranges.includes("workspace:")) throw new Error(`workspace ranges left: ${ranges}`);
      for (const field of ["repository", "homepage", "keywords", "engines"]) {
        if (manifest[field] === undefined) throw new Error(`no ${field}`);
      }
      const bad = paths.filter((path) => /\.test\.|test-support\//.test(path));
      if (bad.length > 0) throw new Error(`test files packed: ${bad.join(", ")}`);
    });
  }
  if (files.length !== packages.length) {
    failures.push(`packed ${files.length} tarballs for ${packages.length} packages`);
  }

  step("npm install the tarballs into a fresh project");
  run("mkdir", ["-p", project], work);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "smoke", version: "1.0.0", private: true }),
  );
  const typescript = JSON.parse(
    readFileSync(join(root, "node_modules/typescript/package.json"), "utf8"),
  ).version;
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      ...files.map((file) => join(tarballs, file)),
      `typescript@${typescript}`,
      "@types/node@^20.19.0",
    ],
    project,
  );
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(project, name), text);

  step("run and type-check the example");
  for (const file of ["example.mjs", "example.cjs"]) {
    expect(`node ${file} prints what the stream says`, () => {
      const output = run("node", [file], project);
      if (output !== EXPECTED_OUTPUT) throw new Error(`printed ${JSON.stringify(output)}`);
    });
  }
  for (const config of ["tsconfig.nodenext.json", "tsconfig.bundler.json"]) {
    expect(`tsc -p ${config} (skipLibCheck off: our .d.ts are checked too)`, () => {
      run("node", ["node_modules/typescript/bin/tsc", "-p", config], project);
    });
  }
  expect("sse-dialects convert --from openai --to anthropic (the installed bin)", () => {
    const bin = join(project, "node_modules/.bin/sse-dialects");
    const output = run(
      bin,
      ["convert", "-", "--from", "openai", "--to", "anthropic"],
      project,
      CLI_INPUT,
    );
    if (!output.includes("event: message_stop") || !output.includes("llo 🌍")) {
      throw new Error(`wrote ${output.slice(0, 400)}`);
    }
  });
} finally {
  if (keep) console.log(`smoke: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(`smoke: ${passed} passed, ${failures.length} failed`);
if (failures.length > 0) process.exitCode = 1;
