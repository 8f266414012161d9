import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AnyDialect } from "@sse-dialects/core";
import { SseDialectsError } from "@sse-dialects/core";
import { createGatewayHandler, createProxyServer, redactSecrets } from "@sse-dialects/proxy";
import { type CliIo, writeOut } from "./cli-io.js";
import { formatProxyLog } from "./format-proxy-log.js";
import type { ProxyArgs } from "./parse-cli-args.js";
import { loadProxyConfig } from "./run-proxy-config.js";

/** What `runProxy` needs beyond the arguments: the dialect, and when to stop. */
export interface ProxyRun {
  from: AnyDialect | "auto";
  dialects: readonly AnyDialect[];
  /** Stops the server; default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `sse-dialects proxy`: serves every provider API the gateway knows (OpenAI chat and Responses,
 * Anthropic Messages, Gemini, Ollama, the model lists) on `--host:--port`, in front of the
 * upstreams of `--config FILE` or the one `--upstream`, logging one line per request on standard
 * output. Runs until interrupted (SIGINT, SIGTERM), then closes its connections and resolves 0;
 * 1 when it cannot listen (a busy port: "Cannot listen on …", never a stack trace), 2 for a
 * configuration that cannot work (a bad field, not an http: or https: URL, credentials in the
 * URL, a key variable that is not set).
 *
 * @example
 * ```ts
 * await runProxy(args, { from: elumenta, dialects }, io);
 * ```
 */
export async function runProxy(args: ProxyArgs, run: ProxyRun, io: CliIo): Promise<number> {
  if (args.upstream !== undefined) {
    try {
      new URL(args.upstream);
    } catch {
      // Not echoed: a URL that fails to parse may still hold a password.
      return fail(io, "--upstream is not a URL", 2);
    }
  }
  const loaded = await loadProxyConfig(args, run.from);
  if (!loaded.ok) return fail(io, loaded.message, 2);
  const config = loaded.config;
  const env = run.env ?? process.env;
  // Keys are read per request, but a command line should fail now rather than on each request.
  const keyNames = [
    ...config.upstreams.flatMap((upstream) =>
      upstream.apiKeyEnv === undefined ? [] : [upstream.apiKeyEnv],
    ),
    ...(config.clientKeyEnv === undefined ? [] : [config.clientKeyEnv]),
  ];
  const unset = keyNames.filter((name) => (env[name] ?? "") === "");
  if (unset.length > 0) {
    return fail(io, `The environment variable ${unset.join(", ")} (the key) is not set`, 2);
  }
  const secrets = keyNames.map((name) => env[name] ?? "").filter((key) => key !== "");
  let output = Promise.resolve();
  const log = (text: string) => {
    // Lines are written in order, each waiting for the one before (and for a slow stdout).
    output = output.then(() => writeOut(io.stdout, text));
  };
  const onLog = (entry: Parameters<typeof formatProxyLog>[0]) =>
    log(formatProxyLog(entry, new Date(), secrets));
  let handler: ReturnType<typeof createGatewayHandler>;
  try {
    handler = createGatewayHandler({
      ...config,
      dialects: run.dialects,
      env,
      forwardAuthorization: args.forwardAuthorization,
      ...(args.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: args.idleTimeoutMs }),
      ...(args.maxBodyBytes === undefined ? {} : { maxBodyBytes: args.maxBodyBytes }),
      onLog,
    });
  } catch (error) {
    if (error instanceof SseDialectsError) return fail(io, error.message, 2);
    throw error;
  }
  const server = createProxyServer(handler, {
    onLog,
    ...(args.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: args.idleTimeoutMs }),
    ...(args.maxConnections === undefined ? {} : { maxConnections: args.maxConnections }),
  });
  const refused = await listen(server, args.port, args.host);
  if (refused !== undefined) {
    return fail(io, `Cannot listen on ${args.host}:${args.port}: ${refused}`, 1);
  }
  const { port } = server.address() as AddressInfo;
  const upstreams = config.upstreams
    .map((upstream) => {
      const dialect = upstream.dialect === "auto" ? "auto" : upstream.dialect.name;
      return `${redactSecrets(upstream.endpoint ?? upstream.baseUrl ?? "", secrets)} (${dialect})`;
    })
    .join(", ");
  log(
    `sse-dialects proxy: listening on http://${args.host}:${port}/v1/chat/completions → ${upstreams}\n` +
      `  also /v1/messages, /v1/responses, /v1beta/models/{model}:streamGenerateContent, /api/chat, /api/generate, GET /v1/models, GET /api/tags\n`,
  );
  await stopped(run.signal);
  server.close();
  server.closeAllConnections();
  await once(server, "close");
  await output;
  return 0;
}

/**
 * Starts listening; resolves undefined once it does, or why it cannot (`EADDRINUSE`…). One
 * listener per outcome, each removing the other: `events.once` rejects on `'error'`, so racing
 * two of them leaves a rejection nobody handles.
 */
function listen(server: Server, port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const onListening = () => {
      server.off("error", onError);
      resolve(undefined);
    };
    const onError = (error: Error & { code?: string }) => {
      server.off("listening", onListening);
      resolve(error.code === "EADDRINUSE" ? "the port is in use" : (error.code ?? error.message));
    };
    server.once("listening", onListening);
    server.once("error", onError);
    server.listen(port, host);
  });
}

function stopped(signal: AbortSignal | undefined): Promise<void> {
  if (signal !== undefined) {
    return signal.aborted ? Promise.resolve() : once(signal, "abort").then(() => undefined);
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

async function fail(io: CliIo, message: string, status: number): Promise<number> {
  await writeOut(
    io.stderr,
    `sse-dialects: ${message}\nRun "sse-dialects proxy --help" for usage.\n`,
  );
  return status;
}
