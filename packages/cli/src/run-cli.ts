import type { AnyDialect } from "@sse-dialects/core";
import { dialectNames, loadDialect, loadDialects } from "@sse-dialects/registry/loaders";
import { type CliIo, print, writeOut } from "./cli-io.js";
import { CLI_VERSION } from "./cli-version.js";
import type { InputDialect } from "./decode-input.js";
import { helpText } from "./help-text.js";
import { AUTO, type CommandName, parseCliArgs } from "./parse-cli-args.js";

/** Exit status for a command line that is wrong (unknown command, flag or dialect, bad FILE). */
export const USAGE_ERROR = 2;

/**
 * Runs the `sse-dialects` command with `argv` (without `node` and the script) on `io`, and
 * returns the exit status: 0 for a stream that ended properly, 1 for one that ended with an
 * error or was cut off, 2 for a usage error.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(["events", "-", "--from", "auto"], {
 *   stdin: process.stdin,
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 * });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) return usageError(io, parsed.message, parsed.topic);
  const args = parsed.args;
  if (args.command === "help") {
    await print(io, helpText(args.topic));
    return 0;
  }
  if (args.command === "version") {
    await print(io, `sse-dialects ${CLI_VERSION}\n`);
    return 0;
  }
  // A command loads only what it uses: `--help` no dialect and no engine, `convert --from openai
  // --to anthropic` those two dialects (the bundled bin splits each into its own chunk), the
  // proxy the HTTP server. A process that starts for every stream pays for what it compiles.
  const known = dialectNames();
  if (args.command === "proxy") {
    if (args.from !== AUTO && !known.includes(args.from)) {
      return unknownDialect(io, "--from", args.from, args.command, true);
    }
    const [{ runProxy }, dialects] = await Promise.all([import("./run-proxy.js"), loadDialects()]);
    const from =
      args.from === AUTO || args.config !== undefined
        ? AUTO
        : dialects.find((dialect) => dialect.name === args.from)!;
    return runProxy(args, { from, dialects }, io);
  }
  if (args.from !== AUTO && !known.includes(args.from)) {
    return unknownDialect(io, "--from", args.from, args.command, true);
  }
  if (args.command === "convert" && !known.includes(args.to)) {
    return unknownDialect(io, "--to", args.to, args.command, false);
  }
  // Imported here, not above: `node:fs/promises` loads Node's stream modules, which `--help`
  // would pay for (a fifth of its time over `node -e 0` on Node 24).
  const { openInput } = await import("./open-input.js");
  const opened = await openInput(args.input, io);
  if (!opened.ok) return usageError(io, opened.message, args.command);
  const source = opened.source;
  const input: InputDialect =
    args.from === AUTO ? { auto: await loadDialects() } : { dialect: await loaded(args.from) };
  switch (args.command) {
    case "convert": {
      const [{ runConvert }, to] = await Promise.all([import("./run-convert.js"), loaded(args.to)]);
      return runConvert(source, input, to, io);
    }
    case "events":
      return (await import("./run-events.js")).runEvents(source, input, io);
    case "collect":
      return (await import("./run-collect.js")).runCollect(source, input, io);
  }
}

/** A dialect whose name was checked against `dialectNames()`. */
async function loaded(name: string): Promise<AnyDialect> {
  const dialect = await loadDialect(name);
  if (dialect === undefined) throw new Error(`dialect ${name} is listed but does not load`);
  return dialect;
}

function unknownDialect(
  io: CliIo,
  flag: string,
  name: string,
  command: CommandName,
  auto: boolean,
): Promise<number> {
  const known = [...dialectNames(), ...(auto ? [AUTO] : [])].join(", ");
  return usageError(io, `Unknown dialect "${name}" for ${flag} (known: ${known})`, command);
}

async function usageError(
  io: CliIo,
  message: string,
  topic: CommandName | undefined,
): Promise<number> {
  const help = topic === undefined ? "sse-dialects --help" : `sse-dialects ${topic} --help`;
  await writeOut(io.stderr, `sse-dialects: ${message}\nRun "${help}" for usage.\n`);
  return USAGE_ERROR;
}
