import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dialects as DIALECTS } from "@sse-dialects/registry";
import { afterEach, describe, expect, it } from "vitest";
// The proxy package's test upstream: a real Elumenta-speaking HTTP server on 127.0.0.1.
import { startUpstream, type Upstream } from "../../proxy/src/test-support/serve-upstream.js";
import type { CliIo } from "./cli-io.js";
import { type ProxyArgs, parseCliArgs } from "./parse-cli-args.js";
import { runProxy } from "./run-proxy.js";

/** The real command, as `pnpm cli proxy` runs it: a child process on a free port. */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/src/bin.ts");
const KEY = "nb_cli_secret_key_987654";

let child: ChildProcess | undefined;
let upstream: Upstream | undefined;
afterEach(async () => {
  if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
  await upstream?.close();
  upstream = undefined;
});

/** Starts `sse-dialects proxy …`; resolves once it says where it listens. */
function startProxy(args: string[]) {
  const started = spawn(process.execPath, ["--import", "tsx", BIN, "proxy", ...args], {
    cwd: ROOT,
    env: { ...process.env, TEST_UPSTREAM_KEY: KEY },
  });
  child = started;
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  started.stderr!.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  started.stdout!.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
    for (const waiter of [...waiters]) {
      const match = stdout.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => started.on("close", resolve));
  return {
    output: () => ({ stdout, stderr }),
    exited,
    waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
      const match = stdout.match(pattern);
      if (match) return Promise.resolve(match);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then(() => reject(new Error(`Exited before ${pattern}: ${stdout}${stderr}`)));
      });
    },
  };
}

describe("sse-dialects proxy", () => {
  it("serves OpenAI in front of an Elumenta upstream, one log line per request, keys redacted", async () => {
    upstream = await startUpstream();
    const proxy = startProxy([
      "--upstream",
      `${upstream.url}/api/v2/generate`,
      "--from",
      "elumenta",
      "--port",
      "0",
      "--api-key-env",
      "TEST_UPSTREAM_KEY",
    ]);
    const [, endpoint] = await proxy.waitFor(
      /listening on (http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions)/,
    );
    const response = await fetch(endpoint!, {
      method: "POST",
      body: JSON.stringify({
        model: "gpt-5",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      }),
    });
    const text = await response.text();
    expect(text).toContain('"content":"Here"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(upstream.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    const [line] = await proxy.waitFor(/^.* POST \/v1\/chat\/completions .*\n/m);
    expect(line).toMatch(
      / 200 elumenta events=9 end=done \d+ms stream front=openai-chat upstream=\S+\n$/,
    );

    // A request the proxy refuses itself is logged too, with why.
    const denied = await fetch(endpoint!, { method: "POST", body: "{" });
    expect(denied.status).toBe(400);
    await proxy.waitFor(
      / 400 - events=0 end=- \d+ms collect front=openai-chat (upstream=\S+ )?error=/,
    );
    child!.kill("SIGTERM");
    expect(await proxy.exited).toBe(0);
    expect(proxy.output().stdout).not.toContain(KEY);
  });

  it("logs an upstream's error status without the key it quoted", async () => {
    upstream = await startUpstream();
    const proxy = startProxy([
      "--upstream",
      `${upstream.url}/status/401`,
      "--from=auto",
      "--port=0",
      "--api-key-env=TEST_UPSTREAM_KEY",
    ]);
    const [, endpoint] = await proxy.waitFor(/listening on (\S+)/);
    const response = await fetch(endpoint!, {
      method: "POST",
      body: JSON.stringify({ model: "m", messages: [] }),
    });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(KEY);
    await proxy.waitFor(/ 401 - events=0/);
    child!.kill("SIGTERM");
    await proxy.exited;
    expect(proxy.output().stdout).not.toContain(KEY);
  });

  it("refuses a key variable that is not set, with status 2", async () => {
    const proxy = startProxy([
      "--upstream",
      "http://127.0.0.1:9/x",
      "--api-key-env",
      "NOT_SET_ANYWHERE",
    ]);
    expect(await proxy.exited).toBe(2);
    expect(proxy.output().stderr).toContain("NOT_SET_ANYWHERE");
  });
});

/** Standard streams for an in-process run: what was written to each. */
function memoryIo() {
  const out = { stdout: "", stderr: "" };
  const into = (name: "stdout" | "stderr") => ({
    write(text: string) {
      out[name] += text;
      return true;
    },
    once: () => undefined,
  });
  const io: CliIo = {
    stdin: (async function* () {})(),
    stdout: into("stdout"),
    stderr: into("stderr"),
  };
  return { io, out };
}

function proxyArgs(extra: Partial<ProxyArgs>): ProxyArgs {
  return {
    command: "proxy",
    config: undefined,
    upstream: "http://127.0.0.1:9/x",
    from: "auto",
    port: 0,
    host: "127.0.0.1",
    apiKeyEnv: undefined,
    forwardAuthorization: false,
    idleTimeoutMs: undefined,
    maxBodyBytes: undefined,
    maxConnections: undefined,
    ...extra,
  };
}

describe("runProxy at start-up", () => {
  it("says it cannot listen on a busy port, with status 1 and no stack trace", async () => {
    const busy = createServer();
    busy.listen(0, "127.0.0.1");
    await once(busy, "listening");
    const port = (busy.address() as { port: number }).port;
    const { io, out } = memoryIo();
    const stop = new AbortController();
    try {
      const status = await runProxy(
        proxyArgs({ port }),
        { from: "auto", dialects: DIALECTS, signal: stop.signal },
        io,
      );
      expect(status).toBe(1);
    } finally {
      stop.abort();
      busy.close();
    }
    expect(out.stderr).toContain(`Cannot listen on 127.0.0.1:${port}: the port is in use`);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses an upstream that is not http: or https:, with status 2", async () => {
    const { io, out } = memoryIo();
    const status = await runProxy(
      proxyArgs({ upstream: "ftp://127.0.0.1/x" }),
      { from: "auto", dialects: DIALECTS, signal: AbortSignal.abort() },
      io,
    );
    expect(status).toBe(2);
    expect(out.stderr).toContain("must be an http: or https: URL, not ftp:");
  });

  it("refuses an upstream URL with credentials, with status 2, without printing them", async () => {
    const { io, out } = memoryIo();
    const status = await runProxy(
      proxyArgs({ upstream: "http://user:hunter2-secret@127.0.0.1:9/x" }),
      { from: "auto", dialects: DIALECTS, signal: AbortSignal.abort() },
      io,
    );
    expect(status).toBe(2);
    expect(out.stderr).toContain("must not carry credentials");
    expect(out.stderr + out.stdout).not.toContain("hunter2-secret");
  });
});

describe("parseCliArgs proxy", () => {
  it("reads the flags, with defaults", () => {
    expect(parseCliArgs(["proxy", "--upstream", "http://u/x"])).toEqual({
      ok: true,
      args: {
        command: "proxy",
        config: undefined,
        upstream: "http://u/x",
        from: "auto",
        port: 8787,
        host: "127.0.0.1",
        apiKeyEnv: undefined,
        forwardAuthorization: false,
        idleTimeoutMs: undefined,
        maxBodyBytes: undefined,
        maxConnections: undefined,
      },
    });
    expect(
      parseCliArgs(["proxy", "--upstream", "http://u/x", "--max-connections", "3"]),
    ).toMatchObject({ ok: true, args: { maxConnections: 3 } });
  });

  it("refuses what cannot work", () => {
    expect(parseCliArgs(["proxy"])).toMatchObject({
      ok: false,
      message: "proxy needs --config FILE or --upstream URL",
    });
    expect(parseCliArgs(["proxy", "--upstream", "u", "--port", "http"])).toMatchObject({
      ok: false,
      message: '--port must be a whole number from 0 to 65535, got "http"',
    });
    expect(parseCliArgs(["proxy", "--upstream", "u", "file.sse"])).toMatchObject({ ok: false });
    expect(parseCliArgs(["proxy", "--upstream", "u", "--to", "openai"])).toMatchObject({
      ok: false,
    });
    expect(parseCliArgs(["proxy", "--help"])).toEqual({
      ok: true,
      args: { command: "help", topic: "proxy" },
    });
  });
});
