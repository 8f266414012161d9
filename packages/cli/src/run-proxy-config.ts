import { readFile, stat } from "node:fs/promises";
import type { AnyDialect } from "@sse-dialects/core";
import { parseJson } from "@sse-dialects/core";
import {
  GatewayConfigError,
  type GatewayFileConfig,
  parseGatewayConfig,
} from "@sse-dialects/proxy";
import type { ProxyArgs } from "./parse-cli-args.js";

/** The largest configuration file read: a configuration is a few kilobytes. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The gateway's routing from `--config FILE`, or from the single-upstream flags; else why not. */
export async function loadProxyConfig(
  args: ProxyArgs,
  from: AnyDialect | "auto",
): Promise<{ ok: true; config: GatewayFileConfig } | { ok: false; message: string }> {
  if (args.config === undefined) {
    // The shorthand: one upstream, its endpoint in full, serving every model.
    return {
      ok: true,
      config: {
        upstreams: [
          {
            name: "upstream",
            dialect: from,
            endpoint: args.upstream ?? "",
            ...(args.apiKeyEnv === undefined ? {} : { apiKeyEnv: args.apiKeyEnv }),
          },
        ],
      },
    };
  }
  let text: string;
  try {
    if ((await stat(args.config)).size > MAX_CONFIG_BYTES) {
      return { ok: false, message: `${args.config} is larger than ${MAX_CONFIG_BYTES} bytes` };
    }
    text = await readFile(args.config, "utf8");
  } catch (error) {
    return {
      ok: false,
      message: `Cannot read ${args.config}: ${(error as { code?: string }).code ?? "failed"}`,
    };
  }
  let json: unknown;
  try {
    json = parseJson(text);
  } catch (error) {
    return { ok: false, message: `${args.config} is not JSON: ${(error as Error).message}` };
  }
  try {
    return { ok: true, config: parseGatewayConfig(json) };
  } catch (error) {
    if (error instanceof GatewayConfigError)
      return { ok: false, message: `${args.config}: ${error.message}` };
    throw error;
  }
}
