import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AnyDialect } from "@sse-dialects/core";
import { SseDialectsError } from "@sse-dialects/core";
import { createProxyHandler, createProxyServer, redactSecrets } from "@sse-dialects/proxy";
import { type CliIo, writeOut } from "./cli-io.js";
import { formatProxyLog } from "./format-proxy-log.js";
import type { ProxyArgs } from "./parse-cli-args.js";

/** What `runProxy` needs beyond the arguments: the dialect, and when to stop. */
export interface ProxyRun {
  from: AnyDialect | "auto";
  dialects: readonly AnyDialect[];
  /** Stops the server; default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `sse-dialects proxy`: serves OpenAI `POST /v1/chat/completions` on `--host:--port` in front of
 * `--upstream`, logging one line per request on standard output. Runs until interrupted
 * (SIGINT, SIGTERM), then closes its connections and resolves 0; 1 when it cannot listen (a
 * busy port: "Cannot listen on …", never a stack trace), 2 for a configuration that cannot work
 * (not an http: or https: URL, credentials in the URL, a key variable that is not set).
 *
 * @example
 * ```ts
 * await runProxy(args, { from: elumenta, dialects }, io);
 * ```
 */
export async function runProxy(args: ProxyArgs, run: ProxyRun, io: CliIo): Promise<number> {
  let upstream: URL;
  try {
    upstream = new URL(args.upstream);
  } catch {
    // Not echoed: a URL that fails to parse may still hold a password.
    return fail(io, "--upstream is not a URL", 2);
  }
  const env = run.env ?? process.env;
  const key = args.apiKeyEnv === undefined ? undefined : env[args.apiKeyEnv];
  const secrets = key === undefined ? [] : [key];
  let output = Promise.resolve();
  const log = (text: string) => {
    // Lines are written in order, each waiting for the one before (and for a slow stdout).
    output = output.then(() => writeOut(io.stdout, text));
  };
  const onLog = (entry: Parameters<typeof formatProxyLog>[0]) =>
    log(formatProxyLog(entry, new Date(), secrets));
  let handler: ReturnType<typeof createProxyHandler>;
  try {
    handler = createProxyHandler({
      upstream,
      from: run.from,
      dialects: run.dialects,
      env,
      forwardAuthorization: args.forwardAuthorization,
      ...(args.apiKeyEnv === undefined ? {} : { apiKeyEnv: args.apiKeyEnv }),
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
  const from = run.from === "auto" ? "auto" : run.from.name;
  log(
    `sse-dialects proxy: listening on http://${args.host}:${port}/v1/chat/completions → ${redactSecrets(upstream.href, secrets)} (${from})\n`,
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
