import type { AnyDialect } from "@sse-dialects/core";
import { dialectNames, dialects, findDialect } from "@sse-dialects/registry";
import { match } from "ts-pattern";
import { type CliIo, writeOut } from "./cli-io.js";
import { CLI_VERSION } from "./cli-version.js";
import type { InputDialect } from "./decode-input.js";
import { helpText } from "./help-text.js";
import { openInput } from "./open-input.js";
import { AUTO, type CommandName, parseCliArgs } from "./parse-cli-args.js";
import { runCollect } from "./run-collect.js";
import { runConvert } from "./run-convert.js";
import { runEvents } from "./run-events.js";
import { runProxy } from "./run-proxy.js";

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
    await writeOut(io.stdout, helpText(args.topic));
    return 0;
  }
  if (args.command === "version") {
    await writeOut(io.stdout, `sse-dialects ${CLI_VERSION}\n`);
    return 0;
  }
  if (args.command === "proxy") {
    if (args.from === AUTO || args.config !== undefined) {
      return runProxy(args, { from: AUTO, dialects }, io);
    }
    const from = findDialect(args.from);
    if (from === undefined) return unknownDialect(io, "--from", args.from, args.command, true);
    return runProxy(args, { from, dialects }, io);
  }
  let input: InputDialect;
  if (args.from === AUTO) input = { auto: dialects };
  else {
    const dialect = findDialect(args.from);
    if (dialect === undefined) return unknownDialect(io, "--from", args.from, args.command, true);
    input = { dialect };
  }
  let to: AnyDialect | undefined;
  if (args.command === "convert") {
    to = findDialect(args.to);
    if (to === undefined) return unknownDialect(io, "--to", args.to, args.command, false);
  }
  const opened = await openInput(args.input, io.stdin);
  if (!opened.ok) return usageError(io, opened.message, args.command);
  const source = opened.source;
  return match(args.command)
    .with("convert", () => runConvert(source, input, to!, io))
    .with("events", () => runEvents(source, input, io))
    .with("collect", () => runCollect(source, input, io))
    .exhaustive();
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
