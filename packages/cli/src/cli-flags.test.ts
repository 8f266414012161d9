import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The real command, as `pnpm cli` runs it: `node --import tsx packages/cli/src/bin.ts`. */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/src/bin.ts");
const { version } = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
) as { version: string };

function cli(args: readonly string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input: "",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("sse-dialects --version", () => {
  it.each([["--version"], ["-v"]])("%s prints the package's version and exits 0", (flag) => {
    expect(cli([flag])).toEqual({ status: 0, stdout: `sse-dialects ${version}\n`, stderr: "" });
  });
});

describe("a misspelled flag", () => {
  it("is answered in our words with the closest known flag, exit status 2", () => {
    const result = cli(["convert", "--form", "openai", "--to", "openai"]);
    expect(result).toEqual({
      status: 2,
      stdout: "",
      stderr:
        "sse-dialects: Unknown option --form; did you mean --from?\n" +
        'Run "sse-dialects convert --help" for usage.\n',
    });
  });

  it("before any command, suggests --version", () => {
    const result = cli(["--verison"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option --verison; did you mean --version?");
  });
});
