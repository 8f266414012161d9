/**
 * Docs that cannot rot: every fenced code block of every README.md and CONTRIBUTING.md is
 * extracted; `ts`/`js` blocks are type-checked together (strict, `module: nodenext`) and each is
 * run, as a program of its own, against the BUILT packages (run `pnpm build` first). A block
 * whose fence says `no-run` (```` ```ts no-run ````) is type-checked only: it needs a provider's
 * key, or serves until stopped. Other languages (`sh`, `json`, `text`, none) are not run. The
 * first block of a package's README must be a runnable `ts`/`js` block or a `sh` block: each
 * package opens with an example that works.
 *
 *   pnpm docs:check                 every block
 *   pnpm docs:check packages/client only the files whose path starts with "packages/client"
 *   pnpm docs:check --print         also print what each block wrote
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type CodeBlock, extractCodeBlocks } from "./docs/extract-code-blocks.js";
import { prepareDocsWorkspace } from "./docs/prepare-docs-workspace.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RUNNABLE = new Set(["ts", "typescript", "js", "javascript"]);
const NO_RUN = "no-run";
/** A block is a short example: one that runs longer has left a server or a timer running. */
const RUN_TIMEOUT_MS = 30_000;

interface Program {
  block: CodeBlock;
  /** The file written into the workspace. */
  path: string;
  run: boolean;
}

function docFiles(filter: string | undefined): string[] {
  const files = ["README.md", "CONTRIBUTING.md"];
  for (const name of readdirSync(join(ROOT, "packages")).sort()) {
    for (const doc of ["README.md", "CONTRIBUTING.md"]) {
      const path = join("packages", name, doc);
      if (existsSync(join(ROOT, path))) files.push(path);
    }
  }
  return files.filter(
    (file) => existsSync(join(ROOT, file)) && (filter === undefined || file.startsWith(filter)),
  );
}

/** Each package's README opens with an example that works: runnable code, or a command. */
function checkOpening(file: string, blocks: readonly CodeBlock[]): string | undefined {
  if (!/^packages\/[^/]+\/README\.md$/.test(file)) return undefined;
  const first = blocks[0];
  if (first === undefined)
    return `${file}: no code block; a package's README opens with an example`;
  const runs = RUNNABLE.has(first.lang) && !first.flags.includes(NO_RUN);
  if (runs || first.lang === "sh" || first.lang === "bash") return undefined;
  return `${file}:${first.line}: the README's first block must be an example that runs (a ts/js block without ${NO_RUN}, or a sh command), not \`${first.lang} ${first.flags.join(" ")}\``;
}

function typecheck(dir: string, programs: readonly Program[]): Promise<string[]> {
  const base = JSON.parse(readFileSync(join(ROOT, "tsconfig.base.json"), "utf8")) as {
    compilerOptions: Record<string, unknown>;
  };
  const tsconfig = {
    compilerOptions: {
      ...base.compilerOptions,
      declaration: false,
      noEmit: true,
      allowJs: true,
      checkJs: true,
    },
    files: programs.map((program) => relative(dir, program.path)),
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { cwd: dir });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      output += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      output += text;
    });
    child.on("error", reject);
    child.on("close", () => resolve(mapDiagnostics(dir, programs, output)));
  });
}

/** tsc's `file.ts(3,7): error TS…` lines, pointed back at the Markdown file and its line. */
function mapDiagnostics(dir: string, programs: readonly Program[], output: string): string[] {
  const byPath = new Map(programs.map((program) => [relative(dir, program.path), program]));
  const errors: string[] = [];
  for (const line of output.split("\n")) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(line);
    if (match === null) {
      // tsc indents the lines that explain the error above them.
      if (/^\s/.test(line) && errors.length > 0) errors[errors.length - 1] += `\n${line}`;
      else if (line.trim() !== "") errors.push(line);
      continue;
    }
    const program = byPath.get(match[1]!);
    if (program === undefined) {
      errors.push(line);
      continue;
    }
    const markdownLine = program.block.line + Number(match[2]);
    errors.push(`${program.block.file}:${markdownLine}:${match[3]}: ${match[4]}`);
  }
  return errors;
}

interface RunResult {
  ok: boolean;
  detail: string;
}

/** Runs one block with Node and tsx (types stripped, nothing else), from the repository root. */
function run(program: Program): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", program.path], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (text: string) => {
      output += text;
    };
    child.stdout.setEncoding("utf8").on("data", collect);
    child.stderr.setEncoding("utf8").on("data", collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        resolve({
          ok: false,
          detail: `did not exit within ${RUN_TIMEOUT_MS / 1000} s: a block that starts a server or a timer must stop it (or say ${NO_RUN})\n${output}`,
        });
      } else if (status !== 0) {
        resolve({ ok: false, detail: `exited with ${status ?? signal}\n${output}` });
      } else resolve({ ok: true, detail: output });
    });
  });
}

async function main(): Promise<number> {
  const print = process.argv.includes("--print");
  const filter = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
  const failures: string[] = [];
  const programs: Program[] = [];
  const dir = mkdtempSync(join(tmpdir(), "sse-dialects-docs-"));
  try {
    prepareDocsWorkspace(ROOT, dir);
    for (const file of docFiles(filter)) {
      const blocks = extractCodeBlocks(file, readFileSync(join(ROOT, file), "utf8"));
      const opening = checkOpening(file, blocks);
      if (opening !== undefined) failures.push(opening);
      for (const block of blocks) {
        if (!RUNNABLE.has(block.lang)) continue;
        const extension = block.lang.startsWith("t") ? "ts" : "js";
        const name = `${file.replace(/[^A-Za-z0-9]+/g, "-")}-L${block.line}.${extension}`;
        const path = join(dir, name);
        // `export {}` makes every block a module: its names are its own, top-level await works.
        writeFileSync(path, `${block.code}export {};\n`);
        programs.push({ block, path, run: !block.flags.includes(NO_RUN) });
      }
    }
    if (programs.length === 0)
      throw new Error(`No ts/js code block found${filter ? ` in files under "${filter}"` : ""}`);

    console.log(`Type-checking ${programs.length} blocks against the built packages…`);
    const typeErrors = await typecheck(dir, programs);
    failures.push(...typeErrors);

    for (const program of programs) {
      const where = `${program.block.file}:${program.block.line}`;
      if (!program.run) {
        console.log(`  - ${where} (${NO_RUN}: type-checked only)`);
        continue;
      }
      const result = await run(program);
      if (result.ok) {
        console.log(`  ✓ ${where}`);
        if (print) console.log(result.detail.replace(/^/gm, "      "));
      } else {
        console.log(`  ✗ ${where}`);
        failures.push(`${where}: ${result.detail.trimEnd()}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ran = programs.filter((program) => program.run).length;
  if (failures.length > 0) {
    console.error(`\n${failures.length} problem(s) in the docs' code blocks:\n`);
    for (const failure of failures) console.error(`${failure}\n`);
    return 1;
  }
  console.log(`\n${programs.length} blocks type-checked, ${ran} run: all pass.`);
  return 0;
}

process.exitCode = await main();
