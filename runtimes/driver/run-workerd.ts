import { type ChildProcess, execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { decode } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import type { CaseResult } from "../src/portable-suite.js";
import { OUT_DIR } from "./bundle-suite.js";
import type { RuntimeRun } from "./runtime-result.js";
import { toolBin } from "./tools.js";

const KEY = "sk-from-worker-env";

/**
 * Two Workers (https://github.com/cloudflare/workerd/blob/main/src/workerd/server/workerd.capnp):
 * the suite + the proxy, with the upstream key as a text binding of its `env`, and the upstream,
 * reached through a service binding. Port 0: workerd picks one and reports it (`--control-fd`).
 */
const CONFIG = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .proxyWorker), (name = "upstream", worker = .upstreamWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const proxyWorker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "entry-worker.mjs") ],
  compatibilityDate = "2025-09-01",
  bindings = [ (name = "UPSTREAM_API_KEY", text = "${KEY}"), (name = "UPSTREAM", service = "upstream") ],
);

const upstreamWorker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "upstream-worker.mjs") ],
  compatibilityDate = "2025-09-01",
  bindings = [ (name = "EXPECTED_AUTHORIZATION", text = "Bearer ${KEY}") ],
);
`;

/**
 * Runs the suite inside workerd (`GET /suite`), then a streamed conversion through the proxy
 * Worker: an OpenAI chat request in, the Anthropic upstream's answer out as OpenAI SSE.
 */
export async function runWorkerd(): Promise<RuntimeRun> {
  const bin = toolBin("workerd");
  const version = (await promisify(execFile)(bin, ["--version"])).stdout.trim();
  writeFileSync(`${OUT_DIR}workerd.capnp`, CONFIG);
  // workerd writes `{"event":"listen","socket":"http","port":…}` to the control fd once the
  // socket listens (what miniflare waits for too): no polling for readiness.
  const child = spawn(bin, ["serve", `${OUT_DIR}workerd.capnp`, "--control-fd=3"], {
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (data) => (output += data));
  child.stderr?.on("data", (data) => (output += data));
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`workerd exited (${code}):\n${output}`))),
  );
  exited.catch(() => {});
  try {
    const port = await Promise.race([listeningPort(child.stdio[3] as Readable), exited]);
    const base = `http://127.0.0.1:${port}`;
    const suite = await Promise.race([fetch(`${base}/suite`).then(suiteResults), exited]);
    const proxied = await Promise.race([proxyCase(base), exited]);
    return { runtime: "workerd", version, results: [...suite, proxied] };
  } catch (error) {
    return { runtime: "workerd", version, results: [], failure: String(error) };
  } finally {
    stop(child);
  }
}

async function suiteResults(response: Response): Promise<CaseResult[]> {
  if (!response.ok) throw new Error(`GET /suite: ${response.status} ${await response.text()}`);
  return (await response.json()) as CaseResult[];
}

const PROXY_CASE = "workerd: the proxy Worker streams an Anthropic upstream as OpenAI SSE";

async function proxyCase(base: string): Promise<CaseResult> {
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "claude-test",
      messages: [{ role: "user", content: "Salut" }],
      stream: true,
    }),
  });
  if (response.status !== 200 || response.body === null) {
    return { name: PROXY_CASE, ok: false, error: `${response.status} ${await response.text()}` };
  }
  let text = "";
  let chunks = 0;
  for await (const event of decode(response.body, openai)) {
    if (event.type === "text-delta") text += event.text;
    if (event.type === "end" && event.reason !== "done") {
      return { name: PROXY_CASE, ok: false, error: `the stream ended: ${event.reason}` };
    }
    chunks++;
  }
  const ok = text === "Bonjour ☀ à tous";
  return ok
    ? { name: PROXY_CASE, ok, observation: { text, events: chunks } }
    : { name: PROXY_CASE, ok, error: `served text ${JSON.stringify(text)}` };
}

/** The port of the first `listen` event workerd writes to its control fd (JSON lines). */
async function listeningPort(control: Readable): Promise<number> {
  let buffered = "";
  for await (const data of control) {
    buffered += String(data);
    let newline = buffered.indexOf("\n");
    while (newline !== -1) {
      const message = JSON.parse(buffered.slice(0, newline)) as { event?: string; port?: number };
      if (message.event === "listen" && message.port !== undefined) return message.port;
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  }
  throw new Error("workerd closed its control fd without listening");
}

function stop(child: ChildProcess): void {
  if (child.exitCode === null) child.kill("SIGTERM");
}
