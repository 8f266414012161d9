export type { CliIo, OutputStream } from "./cli-io.js";
export type { CliArgs, CommandName, ParsedCliArgs } from "./parse-cli-args.js";
export { AUTO, parseCliArgs } from "./parse-cli-args.js";
export { runCli, USAGE_ERROR } from "./run-cli.js";
