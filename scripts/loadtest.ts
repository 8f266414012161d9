/**
 * `pnpm loadtest`: many concurrent streams through the gateway, every front at once, on loopback
 * only, bounded in count and time. A local upstream replays the Elumenta fixtures that end
 * properly, one event per write, paced like a model generating tokens; the gateway
 * (`createGatewayHandler` served by `toNodeListener`, in a worker thread) answers each client in
 * its own dialect — OpenAI chat, Anthropic Messages, Responses, Gemini, Ollama, taken in turn —
 * and every client decodes what it gets with that dialect and checks the text, the finish and the
 * end against the fixture.
 *
 * Prints, for each concurrency level, the latency per text event (upstream write → client
 * decode) directly and through the gateway, and the difference (the latency the gateway adds,
 * p50 and p99); then throughput and the gateway's memory before and after the long run at the
 * highest level, and the lost or corrupted streams per front (must be 0: the exit status is 1
 * otherwise). Everything runs in one process, so latencies include the event loop shared with the
 * upstream and the clients; the direct run measures that share.
 *
 * Options: `--streams N` (the long run; default 10000), `--levels 1,25,100` (concurrency levels
 * of the latency runs; the long run uses the last), `--sample N` (streams per latency run,
 * default 300), `--pace MS` (default 20: the upstream waits this long between events),
 * `--deadline S` (default 600: past it the run prints every stream still open and exits 1). Run
 * with `--expose-gc` (the root script does) for stable memory figures.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { getHeapStatistics } from "node:v8";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { anthropic } from "@sse-dialects/anthropic";
import {
  type AnyDialect,
  accumulate,
  createStreamDecoder,
  decodeAll,
  type StreamEvent,
} from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { gemini } from "@sse-dialects/gemini";
import { ollama } from "@sse-dialects/ollama";
import { openai } from "@sse-dialects/openai";
import { createGatewayHandler, toNodeListener } from "@sse-dialects/proxy";
import { responses } from "@sse-dialects/responses";
import { loadFixtures } from "@sse-dialects/testkit";

/*
 * The gateway runs in a worker thread, on its own event loop, as it would in its own process: the
 * upstream and the clients (this thread) do not queue behind it, nor it behind them, and its
 * heap is measured alone.
 */
if (!isMainThread) {
  const port = parentPort!;
  const gcInWorker = (globalThis as { gc?: () => void }).gc;
  const server = createServer(
    toNodeListener(
      createGatewayHandler({
        upstreams: [
          {
            name: "elumenta",
            dialect: elumenta,
            endpoint: `${workerData.upstream as string}/api/v2/generate`,
          },
        ],
      }),
    ),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  port.on("message", (message: string) => {
    if (message === "memory") {
      gcInWorker?.();
      gcInWorker?.();
      // This isolate's heap: the gateway's own memory, whatever the rest of the process holds.
      port.postMessage({ heap: getHeapStatistics().used_heap_size });
    } else if (message === "close") {
      server.closeAllConnections();
      server.close();
      port.close();
    }
  });
  port.postMessage({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

/** How a client of one API asks for a stream, and the dialect it reads the answer with. */
interface Front {
  name: string;
  dialect: AnyDialect;
  path(model: string): string;
  body(model: string): unknown;
}

const hello = [{ role: "user", content: "hi" }];

/** Every front the gateway serves, each asking for a stream in its own API's words. */
const FRONTS: readonly Front[] = [
  {
    name: "openai chat",
    dialect: openai,
    path: () => "/v1/chat/completions",
    body: (model) => ({ model, messages: hello, stream: true }),
  },
  {
    name: "anthropic",
    dialect: anthropic,
    path: () => "/v1/messages",
    body: (model) => ({ model, max_tokens: 256, messages: hello, stream: true }),
  },
  {
    name: "responses",
    dialect: responses,
    path: () => "/v1/responses",
    body: (model) => ({ model, input: "hi", stream: true }),
  },
  {
    name: "gemini",
    dialect: gemini,
    path: (model) => `/v1beta/models/${model}:streamGenerateContent?alt=sse`,
    body: () => ({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
  },
  {
    name: "ollama",
    dialect: ollama,
    path: () => "/api/chat",
    body: (model) => ({ model, messages: hello, stream: true }),
  },
];

/** The upstream called directly, for the latency baseline. */
const DIRECT: Front = {
  name: "direct",
  dialect: elumenta,
  path: () => "/api/v2/generate",
  body: (model) => ({ model, messages: hello, stream: true }),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      streams: { type: "string", default: "10000" },
      levels: { type: "string", default: "1,25,100" },
      sample: { type: "string", default: "300" },
      deadline: { type: "string", default: "600" },
      pace: { type: "string", default: "20" },
    },
  });
  const STREAMS = Number(values.streams);
  const LEVELS = values.levels.split(",").map(Number);
  const SAMPLE = Number(values.sample);
  const DEADLINE_S = Number(values.deadline);
  const PACE_MS = Number(values.pace);
  for (const [flag, n] of [
    ["--streams", STREAMS],
    ["--sample", SAMPLE],
    ["--deadline", DEADLINE_S],
    ...LEVELS.map((level) => ["--levels", level] as const),
  ] as const) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes whole numbers from 1`);
  }
  if (!Number.isFinite(PACE_MS) || PACE_MS < 0) throw new Error("--pace takes 0 or more ms");
  const TOP = LEVELS[LEVELS.length - 1]!;

  /** When each text event of each stream was written by the upstream (performance.now()). */
  const written = new Map<string, number[]>();
  /** Streams not yet checked, by id: how far each got (printed if the deadline is reached). */
  const open = new Map<string, { front: string; phase: string; bytes: number; events: number }>();

  const deadline = setTimeout(() => {
    process.stderr.write(`loadtest: stopped at the ${DEADLINE_S} s deadline\n`);
    process.stderr.write(`${open.size} streams still open:\n`);
    for (const [id, state] of [...open].slice(0, 20)) {
      const upstreamWrites = written.get(id)?.length;
      process.stderr.write(
        `  #${id} (${state.front}): ${state.phase}, ${state.bytes} bytes, ${state.events} events; upstream text events written: ${upstreamWrites ?? "none (no request reached it)"}\n`,
      );
    }
    process.exit(1);
  }, DEADLINE_S * 1000);
  deadline.unref();

  /** A fixture as the upstream replays it: one piece per SSE event, and what it must add up to. */
  interface Script {
    name: string;
    pieces: { text: string; textEvents: number }[];
    text: string;
  }

  const scripts: Script[] = loadFixtures("elumenta")
    .filter(
      (f) =>
        f.events?.at(-1)?.type === "end" &&
        (f.events.at(-1) as { reason: string }).reason === "done",
    )
    .map((f) => {
      const wire = new TextDecoder().decode(f.bytes);
      const pieces = wire.split(/(?<=\r\n\r\n|\n\n|\r\r)/).map((text) => ({
        text,
        textEvents: decodeAll(text, elumenta).filter((e) => e.type === "text-delta").length,
      }));
      const message = accumulate(f.events!);
      return { name: f.name, pieces, text: message.choices[0]?.text ?? "" };
    });

  const upstream = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (t: string) => {
      body += t;
    });
    req.on("end", async () => {
      // The model names the fixture and the stream: `load-<script>-<id>`.
      const { model } = JSON.parse(body) as { model: string };
      const [, script, id] = model.split("-");
      const pieces = scripts[Number(script)]!.pieces;
      const times: number[] = [];
      written.set(id!, times);
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      for (const piece of pieces) {
        if (res.destroyed) return;
        const now = performance.now();
        for (let i = 0; i < piece.textEvents; i++) times.push(now);
        res.write(piece.text);
        // One event per write, with the pace (or a turn of the event loop) between: a live
        // stream, not a file.
        await new Promise((resolve) =>
          PACE_MS > 0 ? setTimeout(resolve, PACE_MS) : setImmediate(resolve),
        );
      }
      res.end();
    });
  });

  async function listen(server: Server): Promise<string> {
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const upstreamUrl = await listen(upstream);
  // The worker runs this file too; tsx is registered in it first, as `--import tsx` does here.
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { upstream: upstreamUrl } });
  const ask = <T>(message?: string): Promise<T> => {
    const answer = once(worker, "message").then(([value]) => value as T);
    if (message !== undefined) worker.postMessage(message);
    return answer;
  };
  const gatewayUrl = (await ask<{ url: string }>()).url;

  interface Run {
    latencies: number[];
    streams: number;
    events: number;
    bytes: number;
    failures: string[];
    /** Streams lost or corrupted, by front. */
    failed: Map<string, number>;
  }

  let nextId = 0;

  /** One stream: request, read, decode as it arrives, check against its fixture. */
  async function oneStream(base: string, front: Front, run: Run): Promise<void> {
    const scriptIndex = nextId % scripts.length;
    const script = scripts[scriptIndex]!;
    const id = String(nextId++);
    const model = `load-${scriptIndex}-${id}`;
    const received: number[] = [];
    const events: StreamEvent[] = [];
    const state = { front: front.name, phase: "requesting", bytes: 0, events: 0 };
    open.set(id, state);
    let now = 0;
    const decoder = createStreamDecoder(front.dialect, (event) => {
      events.push(event);
      state.events++;
      if (event.type === "text-delta") received.push(now);
    });
    const fail = (why: string) => {
      run.failures.push(`${front.name} ${script.name}#${id}: ${why}`);
      run.failed.set(front.name, (run.failed.get(front.name) ?? 0) + 1);
    };
    try {
      const response = await fetch(`${base}${front.path(model)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(front.body(model)),
      });
      state.phase = `reading (status ${response.status})`;
      if (response.status !== 200) {
        fail(`status ${response.status}: ${(await response.text()).slice(0, 300)}`);
        return;
      }
      for await (const chunk of response.body!) {
        now = performance.now();
        run.bytes += chunk.byteLength;
        state.bytes += chunk.byteLength;
        decoder.push(chunk);
      }
      decoder.close();
    } catch (error) {
      fail(String(error));
      return;
    } finally {
      open.delete(id);
      run.streams++;
    }
    run.events += events.length;
    const message = accumulate(events);
    const choice = message.choices[0];
    if (
      choice?.text !== script.text ||
      choice.finish?.reason !== "stop" ||
      message.end !== "done"
    ) {
      fail(
        `text ${JSON.stringify(choice?.text)}, finish ${choice?.finish?.reason}, end ${message.end}`,
      );
      return;
    }
    const times = written.get(id) ?? [];
    written.delete(id);
    if (times.length === received.length) {
      for (let i = 0; i < times.length; i++) run.latencies.push(received[i]! - times[i]!);
    } else fail(`${received.length} of ${times.length} text events`);
  }

  /** `count` streams, `concurrency` at a time; through the gateway the fronts take turns. */
  async function runStreams(
    direct: boolean,
    count: number,
    concurrency: number,
  ): Promise<Run & { seconds: number }> {
    const run: Run = {
      latencies: [],
      streams: 0,
      events: 0,
      bytes: 0,
      failures: [],
      failed: new Map(),
    };
    let started = 0;
    const begin = performance.now();
    const client = async () => {
      while (started < count) {
        const front = direct ? DIRECT : FRONTS[started % FRONTS.length]!;
        started++;
        await oneStream(direct ? upstreamUrl : gatewayUrl, front, run);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, client));
    return { ...run, seconds: (performance.now() - begin) / 1000 };
  }

  function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) return Number.NaN;
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }

  const gc = (globalThis as { gc?: () => void }).gc;
  /** The gateway's heap (its worker's isolate, after gc), and the whole process's rss. */
  async function memory(): Promise<{ heap: number; rss: number }> {
    const { heap } = await ask<{ heap: number }>("memory");
    return { heap: heap / 2 ** 20, rss: process.memoryUsage().rss / 2 ** 20 };
  }

  const mb = (n: number) => `${n.toFixed(1)} MiB`;
  const ms = (n: number) => `${n.toFixed(2)} ms`;

  console.log(
    `loadtest: fronts ${FRONTS.map((f) => f.name).join(", ")}; upstream Elumenta fixtures ${scripts.map((s) => s.name).join(", ")}, paced ${PACE_MS} ms`,
  );
  if (gc === undefined) console.log("(no --expose-gc: memory figures include uncollected garbage)");

  const failures: string[] = [];
  const failedByFront = new Map<string, number>();
  const record = (run: Run) => {
    failures.push(...run.failures);
    for (const [front, n] of run.failed)
      failedByFront.set(front, (failedByFront.get(front) ?? 0) + n);
  };
  let checked = 0;

  // Warm-up: the JIT, the connection pools.
  const warm = await runStreams(false, Math.min(SAMPLE, 250), TOP);
  record(warm);
  checked += warm.streams;
  for (const level of LEVELS) {
    const direct = await runStreams(true, SAMPLE, level);
    const proxied = await runStreams(false, SAMPLE, level);
    record(direct);
    record(proxied);
    checked += direct.streams + proxied.streams;
    const d = direct.latencies.sort((a, b) => a - b);
    const p = proxied.latencies.sort((a, b) => a - b);
    console.log(
      `${String(level).padStart(3)} concurrent: latency per text event direct p50 ${ms(percentile(d, 50))} p99 ${ms(percentile(d, 99))}; through the gateway p50 ${ms(percentile(p, 50))} p99 ${ms(percentile(p, 99))}; added p50 ${ms(percentile(p, 50) - percentile(d, 50))} p99 ${ms(percentile(p, 99) - percentile(d, 99))}`,
    );
  }

  const before = await memory();
  const long = await runStreams(false, STREAMS, TOP);
  const after = await memory();
  record(long);
  checked += long.streams;
  console.log(
    `long run: ${STREAMS} streams, ${TOP} concurrent, ${(STREAMS / long.seconds).toFixed(0)} streams/s, ${(long.events / long.seconds).toFixed(0)} events/s (${long.seconds.toFixed(1)} s)`,
  );
  console.log(
    `gateway memory (its heap after gc; rss of the whole process): before ${mb(before.heap)} heap / ${mb(before.rss)} rss; after ${mb(after.heap)} heap / ${mb(after.rss)} rss; heap growth ${mb(after.heap - before.heap)}`,
  );
  const perFront = [DIRECT, ...FRONTS]
    .map((f) => `${f.name} ${failedByFront.get(f.name) ?? 0}`)
    .join(", ");
  console.log(`checked: ${checked} streams, ${failures.length} lost or corrupted (${perFront})`);
  for (const failure of failures.slice(0, 10)) console.log(`  ${failure}`);

  worker.postMessage("close");
  await once(worker, "exit");
  upstream.closeAllConnections();
  upstream.close();
  clearTimeout(deadline);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

if (isMainThread) await main();
