import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dialects } from "@sse-dialects/registry";
import { afterEach, describe, expect, it } from "vitest";
// The proxy package's test upstream: a real Elumenta-speaking HTTP server on 127.0.0.1.
import { startUpstream, type Upstream } from "../../proxy/src/test-support/serve-upstream.js";
import type { CliIo } from "./cli-io.js";
import { parseCliArgs } from "./parse-cli-args.js";
import { runProxy } from "./run-proxy.js";

let upstream: Upstream | undefined;
let dir: string | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Standard streams in memory; `waitFor` resolves once stdout matches. */
function memoryIo() {
  const out = { stdout: "", stderr: "" };
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  const into = (name: "stdout" | "stderr") => ({
    write(text: string) {
      out[name] += text;
      for (const waiter of [...waiters]) {
        const match = out.stdout.match(waiter.pattern);
        if (match !== null) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
      return true;
    },
    once: () => undefined,
  });
  const io: CliIo = {
    stdin: (async function* () {})(),
    stdout: into("stdout"),
    stderr: into("stderr"),
  };
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      const match = out.stdout.match(pattern);
      if (match !== null) resolve(match);
      else waiters.push({ pattern, resolve });
    });
  return { io, out, waitFor };
}

async function configFile(config: unknown): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), "sse-dialects-config-"));
  const file = join(dir, "gateway.json");
  await writeFile(file, typeof config === "string" ? config : JSON.stringify(config));
  return file;
}

async function run(argv: string[], env: Record<string, string> = {}, signal?: AbortSignal) {
  const parsed = parseCliArgs(["proxy", ...argv, "--port", "0"]);
  if (!parsed.ok || parsed.args.command !== "proxy") throw new Error(JSON.stringify(parsed));
  const { io, out, waitFor } = memoryIo();
  const stop = new AbortController();
  const status = runProxy(
    parsed.args,
    { from: "auto", dialects, env, signal: signal ?? stop.signal },
    io,
  );
  return { status, out, waitFor, stop };
}

describe("sse-dialects proxy --config", () => {
  it("names every bad field and exits 2", async () => {
    const file = await configFile({
      upstreams: [{ name: "a", dialect: "antropic", baseUrl: "https://x/v1", apiKeyEnv: "sk-123" }],
      routes: [{ prefix: "claude-", upstream: "b" }],
    });
    const { status, out } = await run(["--config", file]);
    expect(await status).toBe(2);
    expect(out.stderr).toContain('upstreams[0].dialect: unknown dialect "antropic"');
    expect(out.stderr).toContain("upstreams[0].apiKeyEnv: must be an environment variable name");
    expect(out.stderr).toContain('routes[0].upstream: no upstream is named "b"');
  });

  it("refuses a file that is not JSON, and one that is missing", async () => {
    const bad = await run(["--config", await configFile("{ upstreams: [")]);
    expect(await bad.status).toBe(2);
    expect(bad.out.stderr).toContain("is not JSON");
    const missing = await run(["--config", join(tmpdir(), "no-such-gateway-config.json")]);
    expect(await missing.status).toBe(2);
    expect(missing.out.stderr).toContain("Cannot read");
    expect(missing.out.stderr).toContain("ENOENT");
  });

  it("refuses --upstream beside --config", () => {
    expect(parseCliArgs(["proxy", "--config", "x.json", "--upstream", "http://u/x"])).toMatchObject(
      {
        ok: false,
        message: "--upstream is set in the --config file, not beside it",
      },
    );
  });

  it("exits 2 when an upstream's key variable is not set", async () => {
    const file = await configFile({
      upstreams: [
        {
          name: "a",
          dialect: "openai",
          baseUrl: "http://127.0.0.1:9/v1",
          apiKeyEnv: "GATEWAY_TEST_UNSET",
        },
      ],
    });
    const { status, out } = await run(["--config", file]);
    expect(await status).toBe(2);
    expect(out.stderr).toContain("GATEWAY_TEST_UNSET");
  });

  it("routes by model to the configured upstream, with its key", async () => {
    upstream = await startUpstream();
    const file = await configFile({
      upstreams: [
        { name: "elsewhere", dialect: "openai", baseUrl: "http://127.0.0.1:9/v1" },
        {
          name: "elumenta",
          dialect: "elumenta",
          baseUrl: `${upstream.url}/api/v2`,
          apiKeyEnv: "ELUMENTA_KEY",
        },
      ],
      routes: [
        { model: "gpt-5", upstream: "elumenta" },
        { prefix: "", upstream: "elsewhere" },
      ],
    });
    const { status, waitFor, stop, out } = await run(["--config", file], {
      ELUMENTA_KEY: "nb_config_key_1",
    });
    const [, base] = await waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({
        model: "gpt-5",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      }),
    });
    const text = await response.text();
    expect(text).toContain('"content":"Here"');
    expect(upstream.requests[0]?.path).toBe("/api/v2/generate");
    expect(upstream.requests[0]?.headers.authorization).toBe("Bearer nb_config_key_1");
    await waitFor(/ POST \/v1\/chat\/completions 200 elumenta /);
    stop.abort();
    expect(await status).toBe(0);
    expect(out.stdout).not.toContain("nb_config_key_1");
  });
});
