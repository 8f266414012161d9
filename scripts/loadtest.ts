/**
 * `pnpm loadtest`: many concurrent streams through the proxy, on loopback only, bounded in count
 * and time. A local upstream replays the Elumenta fixtures that end properly, one event per
 * write; the proxy (`createProxyHandler` served by `toNodeListener`) turns them into OpenAI SSE;
 * clients read with fetch and check every stream's text, finish and end against the fixture.
 *
 * Prints throughput, the latency per text event (upstream write → client decode) directly and
 * through the proxy, the difference (the latency the proxy adds, p50 and p99), and the memory
 * before and after the long run. Everything runs in this one process, so latencies include the
 * event loop shared with upstream and clients; the direct run measures that share.
 *
 * Options: `--streams N` (default 10000), `--concurrency N` (default 200), `--deadline S`
 * (default 300: the run stops with exit 1 past it), `--pace MS` (default 0: the upstream waits
 * this long between events, as a model generating tokens does, instead of one event-loop turn). Run with `--expose-gc` (the root script
 * does) for stable memory figures.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { getHeapStatistics } from "node:v8";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import {
  type AnyDialect,
  accumulate,
  createStreamDecoder,
  decodeAll,
  type StreamEvent,
} from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { openai } from "@sse-dialects/openai";
import { createProxyHandler, toNodeListener } from "@sse-dialects/proxy";
import { loadFixtures } from "@sse-dialects/testkit";

/*
 * The proxy runs in a worker thread, on its own event loop, as it would in its own process: the
 * upstream and the clients (this thread) do not queue behind it, nor it behind them, and its
 * heap is measured alone.
 */
if (!isMainThread) {
  const port = parentPort!;
  const gcInWorker = (globalThis as { gc?: () => void }).gc;
  const server = createServer(
    toNodeListener(
      createProxyHandler({
        upstream: `${workerData.upstream as string}/api/v2/generate`,
        from: elumenta,
      }),
    ),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  port.on("message", (message: string) => {
    if (message === "memory") {
      gcInWorker?.();
      gcInWorker?.();
      // This isolate's heap: the proxy's own memory, whatever the rest of the process holds.
      port.postMessage({ heap: getHeapStatistics().used_heap_size });
    } else if (message === "close") {
      server.closeAllConnections();
      server.close();
      port.close();
    }
  });
  port.postMessage({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      streams: { type: "string", default: "10000" },
      concurrency: { type: "string", default: "200" },
      deadline: { type: "string", default: "300" },
      pace: { type: "string", default: "0" },
    },
  });
  const STREAMS = Number(values.streams);
  const CONCURRENCY = Number(values.concurrency);
  const DEADLINE_S = Number(values.deadline);
  const PACE_MS = Number(values.pace);
  const WARMUP = Math.min(1000, STREAMS);
  const DIRECT = Math.min(2000, STREAMS);

  /** Streams not yet checked, by id: how far each got (printed if the deadline is reached). */
  const open = new Map<string, { phase: string; bytes: number; events: number }>();
  const deadline = setTimeout(() => {
    process.stderr.write(`loadtest: stopped at the ${DEADLINE_S} s deadline\n`);
    process.stderr.write(`${open.size} streams still open:\n`);
    for (const [id, state] of [...open].slice(0, 20)) {
      const upstreamWrites = written.get(id)?.length;
      process.stderr.write(
        `  #${id}: ${state.phase}, ${state.bytes} bytes, ${state.events} events; upstream text events written: ${upstreamWrites ?? "none (no request reached it)"}\n`,
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

  /** When each text event of each stream was written by the upstream (performance.now()). */
  const written = new Map<string, number[]>();

  const upstream = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (t: string) => {
      body += t;
    });
    req.on("end", async () => {
      const { model } = JSON.parse(body) as { model: string };
      const [, script, id] = model.split(":");
      const pieces = scripts[Number(script)]!.pieces;
      const times: number[] = [];
      written.set(id!, times);
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      for (const piece of pieces) {
        if (res.destroyed) return;
        const now = performance.now();
        for (let i = 0; i < piece.textEvents; i++) times.push(now);
        res.write(piece.text);
        // One event per write, with a turn of the event loop (or the pace) between: a live
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
  const proxyUrl = `${(await ask<{ url: string }>()).url}/v1/chat/completions`;

  interface Run {
    latencies: number[];
    events: number;
    bytes: number;
    failures: string[];
  }

  let nextId = 0;

  /** One stream: request, read, decode as it arrives, check against its fixture. */
  async function oneStream(
    url: string,
    dialect: AnyDialect,
    run: Run,
    sample: boolean,
  ): Promise<void> {
    const scriptIndex = nextId % scripts.length;
    const script = scripts[scriptIndex]!;
    const id = String(nextId++);
    const received: number[] = [];
    const events: StreamEvent[] = [];
    const state = { phase: "requesting", bytes: 0, events: 0 };
    open.set(id, state);
    let now = 0;
    const decoder = createStreamDecoder(dialect, (event) => {
      events.push(event);
      state.events++;
      if (event.type === "text-delta") received.push(now);
    });
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: `load:${scriptIndex}:${id}`,
          messages: [{ role: "user", content: "hi" }],
          stream: true,
        }),
      });
      state.phase = `reading (status ${response.status})`;
      if (response.status !== 200) {
        const text = (await response.text()).slice(0, 300);
        throw new Error(`${script.name}#${id}: status ${response.status}: ${text}`);
      }
      for await (const chunk of response.body!) {
        now = performance.now();
        run.bytes += chunk.byteLength;
        state.bytes += chunk.byteLength;
        decoder.push(chunk);
      }
      decoder.close();
    } finally {
      open.delete(id);
    }
    run.events += events.length;
    const message = accumulate(events);
    const choice = message.choices[0];
    if (
      choice?.text !== script.text ||
      choice.finish?.reason !== "stop" ||
      message.end !== "done"
    ) {
      run.failures.push(
        `${script.name}#${id}: text ${JSON.stringify(choice?.text)}, end ${message.end}`,
      );
    }
    const times = written.get(id) ?? [];
    written.delete(id);
    if (sample && times.length === received.length) {
      for (let i = 0; i < times.length; i++) run.latencies.push(received[i]! - times[i]!);
    } else if (sample)
      run.failures.push(`${script.name}#${id}: ${received.length} of ${times.length} text events`);
  }

  /** `count` streams, `CONCURRENCY` at a time. */
  async function runStreams(
    url: string,
    dialect: AnyDialect,
    count: number,
    sample: boolean,
  ): Promise<Run & { seconds: number }> {
    const run: Run = { latencies: [], events: 0, bytes: 0, failures: [] };
    let started = 0;
    const begin = performance.now();
    const worker = async () => {
      while (started < count) {
        started++;
        await oneStream(url, dialect, run, sample).catch((error: unknown) => {
          run.failures.push(String(error));
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
    return { ...run, seconds: (performance.now() - begin) / 1000 };
  }

  function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) return Number.NaN;
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }

  const gc = (globalThis as { gc?: () => void }).gc;
  /** The proxy's heap (its worker's isolate, after gc), and the whole process's rss. */
  async function memory(): Promise<{ heap: number; rss: number }> {
    const { heap } = await ask<{ heap: number }>("memory");
    return { heap: heap / 2 ** 20, rss: process.memoryUsage().rss / 2 ** 20 };
  }

  const mb = (n: number) => `${n.toFixed(1)} MiB`;
  const ms = (n: number) => `${n.toFixed(3)} ms`;

  console.log(
    `loadtest: ${STREAMS} streams, ${CONCURRENCY} concurrent, fixtures ${scripts.map((s) => s.name).join(", ")}`,
  );
  if (gc === undefined) console.log("(no --expose-gc: memory figures include uncollected garbage)");

  const direct = await runStreams(upstreamUrl, elumenta, DIRECT, true);
  await runStreams(proxyUrl, openai, WARMUP, false);
  const before = await memory();
  const proxied = await runStreams(proxyUrl, openai, STREAMS, true);
  const after = await memory();

  const d = direct.latencies.sort((a, b) => a - b);
  const p = proxied.latencies.sort((a, b) => a - b);
  console.log(
    `throughput: ${(STREAMS / proxied.seconds).toFixed(0)} streams/s, ${(proxied.events / proxied.seconds).toFixed(0)} events/s, ${mb(proxied.bytes / 2 ** 20 / proxied.seconds)}/s of OpenAI SSE (${proxied.seconds.toFixed(2)} s)`,
  );
  console.log(
    `latency per text event, direct (${DIRECT} streams): p50 ${ms(percentile(d, 50))}, p99 ${ms(percentile(d, 99))}`,
  );
  console.log(
    `latency per text event, through the proxy:        p50 ${ms(percentile(p, 50))}, p99 ${ms(percentile(p, 99))}`,
  );
  console.log(
    `added by the proxy: p50 ${ms(percentile(p, 50) - percentile(d, 50))}, p99 ${ms(percentile(p, 99) - percentile(d, 99))}`,
  );
  console.log(
    `proxy memory (its heap after gc; rss of the whole process): before ${mb(before.heap)} heap / ${mb(before.rss)} rss; after ${STREAMS} streams ${mb(after.heap)} heap / ${mb(after.rss)} rss; heap growth ${mb(after.heap - before.heap)}`,
  );
  const failures = [...direct.failures, ...proxied.failures];
  console.log(`checked: ${STREAMS + DIRECT} streams, ${failures.length} failed`);
  for (const failure of failures.slice(0, 10)) console.log(`  ${failure}`);

  worker.postMessage("close");
  await once(worker, "exit");
  upstream.closeAllConnections();
  upstream.close();
  clearTimeout(deadline);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

if (isMainThread) await main();
