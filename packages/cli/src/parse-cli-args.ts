import { parseArgs } from "node:util";

export const COMMANDS = ["convert", "events", "collect"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** A command line, understood. Dialect names are checked later, against the registry. */
export type CliArgs =
  | { command: "help"; topic: CommandName | undefined }
  | { command: "convert"; input: string; from: string; to: string }
  | { command: "events" | "collect"; input: string; from: string };

/** What `parseCliArgs` returns: the arguments, or why they are wrong (exit status 2). */
export type ParsedCliArgs =
  | { ok: true; args: CliArgs }
  | { ok: false; message: string; topic: CommandName | undefined };

/**
 * Parses `sse-dialects <command> [FILE|-] [--from <dialect|auto>] [--to <dialect>]` with
 * `node:util` `parseArgs` (strict: an unknown flag is an error, not ignored). FILE defaults to
 * `-`, standard input; `--from` defaults to `auto`.
 *
 * @example
 * ```ts
 * parseCliArgs(["convert", "in.sse", "--from", "elumenta", "--to", "openai"]);
 * // { ok: true, args: { command: "convert", input: "in.sse", from: "elumenta", to: "openai" } }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): ParsedCliArgs {
  const [first, ...rest] = argv;
  if (first === undefined) return usage("No command given", undefined);
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    if (topic !== undefined && !isCommand(topic))
      return usage(`Unknown command "${topic}"`, undefined);
    return { ok: true, args: { command: "help", topic } };
  }
  if (!isCommand(first)) return usage(`Unknown command "${first}"`, undefined);
  const command = first;
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(rest);
  } catch (error) {
    // parseArgs throws a TypeError whose message names the flag ("Unknown option '--frm'").
    return usage((error as Error).message, command);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { ok: true, args: { command: "help", topic: command } };
  if (positionals.length > 1) {
    return usage(`Expected at most one input FILE, got ${positionals.length}`, command);
  }
  const input = positionals[0] ?? "-";
  const from = values.from ?? "auto";
  if (command === "convert") {
    if (values.to === undefined) return usage("convert needs --to <dialect>", command);
    return { ok: true, args: { command, input, from, to: values.to } };
  }
  if (values.to !== undefined) return usage(`${command} does not take --to`, command);
  return { ok: true, args: { command, input, from } };
}

function parseCommand(args: string[]) {
  return parseArgs({
    args,
    options: {
      from: { type: "string" },
      to: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: true,
  });
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

function usage(message: string, topic: CommandName | undefined): ParsedCliArgs {
  return { ok: false, message, topic };
}
