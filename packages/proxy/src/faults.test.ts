import { request as httpRequest, type IncomingMessage } from "node:http";
import { elumenta } from "@sse-dialects/elumenta";
import { afterEach, describe, expect, it } from "vitest";
import { createProxyHandler } from "./create-proxy-handler.js";
import {
  chatRequest,
  type ProxyFixture,
  post,
  readOpenAI,
  startProxy,
} from "./test-support/proxy-fixture.js";
import { serveHandler } from "./test-support/serve-handler.js";
import { startUpstream } from "./test-support/serve-upstream.js";

/*
 * The faults the proxy must survive, each over real loopback HTTP: a test upstream on
 * 127.0.0.1, the proxy served by `toNodeListener`, and a real HTTP client. Assertions are on
 * what arrived and in what order, and on byte counts, never on how long anything took.
 */

let fixture: ProxyFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** The stream ended the way an OpenAI client understands: an error chunk, then `[DONE]`. */
function expectErrorThenDone(text: string, code: string) {
  const { events } = readOpenAI(text);
  expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  const errors = events.filter((event) => event.type === "error");
  expect(errors.map((error) => error.code)).toContain(code);
  // The error chunk comes before `[DONE]`, and nothing follows `[DONE]`.
  const errorAt = text.lastIndexOf('"error":');
  expect(errorAt).toBeGreaterThan(-1);
  expect(errorAt).toBeLessThan(text.indexOf("data: [DONE]"));
  return events;
}

const waitFor = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`Timed out waiting for ${what}`);
};

describe("faults", () => {
  it("a client that disconnects mid-stream aborts the upstream request", async () => {
    fixture = await startProxy("/hang/3");
    const response = await post(fixture.endpoint);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("chat.completion.chunk");
    await reader.cancel();
    const closed = await fixture.upstream.requests[0]!.closed;
    expect(closed.finished).toBe(false);
  });

  it("a client that disconnects before the upstream answers aborts it too", async () => {
    fixture = await startProxy("/hang/0", { idleTimeoutMs: 0 });
    const controller = new AbortController();
    const pending = fetch(fixture.endpoint, {
      method: "POST",
      body: chatRequest({ stream: false }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await waitFor(() => fixture!.upstream.requests.length === 1, "the upstream request");
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    expect((await fixture.upstream.requests[0]!.closed).finished).toBe(false);
  });

  it("an upstream that dies mid-stream ends the client's stream with an error chunk and [DONE]", async () => {
    fixture = await startProxy("/die/3");
    const response = await post(fixture.endpoint);
    expect(response.status).toBe(200);
    const text = await response.text();
    expectErrorThenDone(text, "network-error");
    // What arrived before the failure is kept.
    expect(readOpenAI(text).message.choices[0]?.text).toBe("Here are");
  });

  it("an upstream that sends garbage ends with error chunks and [DONE], never a quiet end", async () => {
    fixture = await startProxy("/garbage");
    const text = await (await post(fixture.endpoint)).text();
    const events = expectErrorThenDone(text, "invalid-json");
    expect(events.filter((e) => e.type === "error").map((e) => e.code)).toEqual([
      "invalid-utf8",
      "invalid-json",
      "cut-off",
    ]);
  });

  it("garbage with --from auto is an unknown-dialect error chunk and [DONE]", async () => {
    fixture = await startProxy("/garbage", { from: "auto" });
    const text = await (await post(fixture.endpoint)).text();
    expectErrorThenDone(text, "unknown-dialect");
  });

  it("an upstream that goes silent mid-stream is ended on both sides by the idle timeout", async () => {
    fixture = await startProxy("/hang/3", { idleTimeoutMs: 200 });
    const text = await (await post(fixture.endpoint)).text();
    const events = expectErrorThenDone(text, "timeout");
    expect(events.some((e) => e.type === "text-delta")).toBe(true);
    expect((await fixture.upstream.requests[0]!.closed).finished).toBe(false);
  });

  it("an upstream that is silent before answering gets a 504, and is aborted", async () => {
    fixture = await startProxy("/hang/0", { idleTimeoutMs: 200 });
    // The hang route sends its headers at once; a stream:false request waits for events.
    const response = await post(fixture.endpoint, chatRequest({ stream: false }));
    expect(response.status).toBe(504);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe("timeout");
    expect((await fixture.upstream.requests[0]!.closed).finished).toBe(false);
  });

  it("a slow client holds the upstream back, and the proxy holds one stream's bytes within a bound", async () => {
    const FLOOD = 256 * 1024 * 1024;
    // Events counted where they enter the proxy (its upstream reads) and where they leave it
    // (what the Node adapter takes to write): the difference is what the proxy holds.
    const seen = { pulled: 0, passed: 0 };
    const upstream = await startUpstream();
    const handler = createProxyHandler({
      upstream: `${upstream.url}/flood/${FLOOD}`,
      from: elumenta,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        return new Response(
          counted(response.body!, (n) => (seen.pulled += n)),
          response,
        );
      },
    });
    const served = await serveHandler(async (request) => {
      const response = await handler(request);
      return new Response(
        counted(response.body!, (n) => (seen.passed += n)),
        response,
      );
    });
    fixture = {
      upstream,
      endpoint: `${served.url}/v1/chat/completions`,
      root: served.url,
      port: served.port,
      close: async () => {
        await served.close();
        await upstream.close();
      },
    };
    const { res, done } = await openPaused(fixture.endpoint);
    const flood = upstream.flood;
    await waitFor(() => flood.blocked > 0, "the upstream to be blocked");
    await settle(() => flood.written);
    // Backpressure reached the upstream: its writes are refused and it is far from done.
    expect(flood.finished).toBe(false);
    expect(flood.written).toBeLessThan(FLOOD / 4);
    // The proxy passed on what it pulled, bar at most one upstream read (≤ 64 KiB: 64 events).
    expect(seen.pulled).toBeGreaterThan(1000);
    // (Output may count a few more: one Elumenta event can become two chunks, finish and usage.)
    expect(seen.pulled - seen.passed).toBeGreaterThanOrEqual(-4);
    expect(seen.pulled - seen.passed).toBeLessThanOrEqual(64);
    // The client reads again: the stream goes on, then the client leaves and the upstream is closed.
    const before = flood.written;
    res.resume();
    await waitFor(() => flood.written > before + 8 * 1024 * 1024, "the upstream to resume");
    res.destroy();
    expect((await upstream.requests[0]!.closed).finished).toBe(false);
    await done;
  });
});

/** A pass-through body that counts the `data:` lines of each chunk as it is pulled, adding no buffer. */
function counted(
  body: ReadableStream<Uint8Array>,
  add: (n: number) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        add(countData(value));
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** `data:` lines in a chunk: the events it carries. */
function countData(bytes: Uint8Array): number {
  let n = 0;
  // "data:" = 64 61 74 61 3a
  for (let i = 0; i + 4 < bytes.length; i++) {
    if (
      bytes[i] === 0x64 &&
      bytes[i + 1] === 0x61 &&
      bytes[i + 2] === 0x74 &&
      bytes[i + 3] === 0x61 &&
      bytes[i + 4] === 0x3a
    )
      n++;
  }
  return n;
}

/** Waits until `value()` stops changing (the pipeline has stalled). */
async function settle(value: () => number) {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 400 && same < 5; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const now = value();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}

/** A streaming POST whose response is paused at once: a client that reads nothing. */
function openPaused(url: string): Promise<{ res: IncomingMessage; done: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", headers: { "content-type": "application/json" } },
      (res) => {
        res.pause();
        const done = new Promise<void>((finish) => res.on("close", () => finish()));
        resolve({ res, done });
      },
    );
    req.on("error", reject);
    req.end(chatRequest());
  });
}
