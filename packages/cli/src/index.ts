export type { CliIo, OutputStream } from "./cli-io.js";
export { AUTO, DIALECTS, dialectNames, findDialect } from "./dialect-registry.js";
export type { CliArgs, CommandName, ParsedCliArgs } from "./parse-cli-args.js";
export { parseCliArgs } from "./parse-cli-args.js";
export { runCli, USAGE_ERROR } from "./run-cli.js";
