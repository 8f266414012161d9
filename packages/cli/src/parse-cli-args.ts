import { describeFlagError, type FlagOptions } from "./describe-flag-error.js";
import { suggestClosest } from "./suggest-closest.js";

// Not `import … from "node:util"`, whose namespace loads Node's stream modules (see bin.ts).
const { parseArgs } = process.getBuiltinModule("node:util");

export const COMMANDS = ["convert", "events", "collect", "proxy"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** A command line, understood. Dialect names are checked later, against the registry. */
export type CliArgs =
  | { command: "help"; topic: CommandName | undefined }
  | { command: "version" }
  | { command: "convert"; input: string; from: string; to: string }
  | { command: "events" | "collect"; input: string; from: string }
  | ProxyArgs;

/** `sse-dialects proxy`: serve every provider API in front of the configured upstreams. */
export interface ProxyArgs {
  command: "proxy";
  /** The gateway configuration file (`--config`); the single-upstream flags are its shorthand. */
  config: string | undefined;
  /** The one upstream's endpoint (`--upstream`), when there is no `--config`. */
  upstream: string | undefined;
  from: string;
  port: number;
  host: string;
  /** The environment variable holding the upstream's key. */
  apiKeyEnv: string | undefined;
  forwardAuthorization: boolean;
  idleTimeoutMs: number | undefined;
  maxBodyBytes: number | undefined;
  /** The most client connections open at once (`--max-connections`). */
  maxConnections: number | undefined;
}

/**
 * What `--from` also takes: detect the dialect from the stream, among every shipped one. A CLI
 * value, not a dialect: the registry lists dialects only.
 *
 * @example
 * ```ts
 * const input = args.from === AUTO ? { auto: dialects } : { dialect: findDialect(args.from) };
 * ```
 */
export const AUTO = "auto";

/** What `parseCliArgs` returns: the arguments, or why they are wrong (exit status 2). */
export type ParsedCliArgs =
  | { ok: true; args: CliArgs }
  | { ok: false; message: string; topic: CommandName | undefined };

/**
 * Parses `sse-dialects <command> [FILE|-] [--from <dialect|auto>] [--to <dialect>]` with
 * `node:util` `parseArgs` (strict: an unknown flag is an error, not ignored, and is answered with
 * the closest known flag). FILE defaults to `-`, standard input; `--from` defaults to `auto`.
 * `--version` (or `-v`) in place of a command asks for the version.
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
  if (first === "--version" || first === "-v") {
    if (rest.length > 0)
      return usage(`--version takes nothing after it, got ${rest[0]}`, undefined);
    return { ok: true, args: { command: "version" } };
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    if (topic !== undefined && !isCommand(topic)) return unknownCommand(topic);
    return { ok: true, args: { command: "help", topic } };
  }
  if (first.startsWith("-") && first !== "-") return unknownTopLevelFlag(first);
  if (!isCommand(first)) return unknownCommand(first);
  const command = first;
  if (command === "proxy") return parseProxyArgs(rest);
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(rest);
  } catch (error) {
    return usage(describeFlagError(error, rest, COMMAND_FLAGS), command);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { ok: true, args: { command: "help", topic: command } };
  if (positionals.length > 1) {
    return usage(`Expected at most one input FILE, got ${positionals.length}`, command);
  }
  const input = positionals[0] ?? "-";
  const from = values.from ?? AUTO;
  if (command === "convert") {
    if (values.to === undefined) return usage("convert needs --to <dialect>", command);
    return { ok: true, args: { command, input, from, to: values.to } };
  }
  if (values.to !== undefined) return usage(`${command} does not take --to`, command);
  return { ok: true, args: { command, input, from } };
}

const COMMAND_FLAGS = {
  from: { type: "string" },
  to: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagOptions;

function parseCommand(args: string[]) {
  return parseArgs({ args, options: COMMAND_FLAGS, allowPositionals: true, strict: true });
}

/** The proxy takes flags only: it serves requests rather than reading a FILE. */
function parseProxyArgs(args: string[]): ParsedCliArgs {
  let values: ReturnType<typeof parseProxyFlags>["values"];
  try {
    const parsed = parseProxyFlags(args);
    if (parsed.positionals.length > 0) {
      return usage(`proxy takes no FILE, got ${parsed.positionals[0]}`, "proxy");
    }
    values = parsed.values;
  } catch (error) {
    return usage(describeFlagError(error, args, PROXY_FLAGS), "proxy");
  }
  if (values.help === true) return { ok: true, args: { command: "help", topic: "proxy" } };
  if (values.config !== undefined) {
    for (const flag of ["upstream", "from", "api-key-env"] as const) {
      if (values[flag] !== undefined) {
        return usage(`--${flag} is set in the --config file, not beside it`, "proxy");
      }
    }
  } else if (values.upstream === undefined) {
    return usage("proxy needs --config FILE or --upstream URL", "proxy");
  }
  const port = integer(values.port ?? "8787", "--port", 0, 65535);
  if (typeof port === "string") return usage(port, "proxy");
  const idle = optionalInteger(values["idle-timeout"], "--idle-timeout", 0);
  if (typeof idle === "string") return usage(idle, "proxy");
  const maxBody = optionalInteger(values["max-body"], "--max-body", 1);
  if (typeof maxBody === "string") return usage(maxBody, "proxy");
  const maxConnections = optionalInteger(values["max-connections"], "--max-connections", 1);
  if (typeof maxConnections === "string") return usage(maxConnections, "proxy");
  return {
    ok: true,
    args: {
      command: "proxy",
      config: values.config,
      upstream: values.upstream,
      from: values.from ?? AUTO,
      port,
      host: values.host ?? "127.0.0.1",
      apiKeyEnv: values["api-key-env"],
      forwardAuthorization: values["forward-authorization"] === true,
      idleTimeoutMs: idle,
      maxBodyBytes: maxBody,
      maxConnections,
    },
  };
}

const PROXY_FLAGS = {
  config: { type: "string" },
  upstream: { type: "string" },
  from: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  "api-key-env": { type: "string" },
  "forward-authorization": { type: "boolean" },
  "idle-timeout": { type: "string" },
  "max-body": { type: "string" },
  "max-connections": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagOptions;

function parseProxyFlags(args: string[]) {
  return parseArgs({ args, options: PROXY_FLAGS, allowPositionals: true, strict: true });
}

/** A whole number within bounds, or the message saying why not. */
function integer(
  text: string,
  flag: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | string {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    return `${flag} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? "" : ` to ${max}`}, got "${text}"`;
  }
  return value;
}

function optionalInteger(
  text: string | undefined,
  flag: string,
  min: number,
): number | undefined | string {
  return text === undefined ? undefined : integer(text, flag, min);
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

/** Before the command, only `--help` and `--version` are flags. */
function unknownTopLevelFlag(flag: string): ParsedCliArgs {
  const closest = suggestClosest(flag.replace(/^-+/, ""), ["help", "version"]);
  const hint =
    closest === undefined
      ? " (a command comes first: convert, events, collect, proxy)"
      : `; did you mean --${closest}?`;
  return usage(`Unknown option ${flag}${hint}`, undefined);
}

function unknownCommand(name: string): ParsedCliArgs {
  const closest = suggestClosest(name, COMMANDS);
  const hint =
    closest === undefined ? ` (commands: ${COMMANDS.join(", ")})` : `; did you mean ${closest}?`;
  return usage(`Unknown command "${name}"${hint}`, undefined);
}

function usage(message: string, topic: CommandName | undefined): ParsedCliArgs {
  return { ok: false, message, topic };
}
