import type { StreamEvent } from "@sse-dialects/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { coalesceDeltas } from "./coalesce-deltas.js";
import { openStream } from "./open-stream.js";
import { startTestServer, type TestServer } from "./test-support/serve-streams.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const texts = (events: StreamEvent[]) =>
  events.flatMap((e) => (e.type === "text-delta" ? [e.text] : []));

it("merges deltas up to a size, keeping every other event in place", async () => {
  const stream = await openStream(fetch(`${server.url}/fixture/elumenta/plain`), {
    coalesce: { chars: 8, ms: 60_000 },
  });
  const events = await stream.toArray();
  expect(texts(events)).toEqual(["Here are", " the numbers"]);
  expect(events.map((e) => e.type)).toEqual([
    "metadata",
    "role",
    "text-delta",
    "text-delta",
    "finish",
    "usage",
    "end",
  ]);
  expect(stream.message.choices[0]?.text).toBe("Here are the numbers");
});

it("delivers what it holds as soon as another kind of event comes", async () => {
  const stream = await openStream(fetch(`${server.url}/fixture/openai/text-with-usage-chunk`), {
    coalesce: { ms: 60_000 },
  });
  const contents: string[] = [];
  await stream.process({ onContent: (delta) => contents.push(delta) });
  expect(contents).toEqual(["Hello, wörld! 👋\nHow can I help?"]);
  // Progress counts the deltas as they arrived, not as they were merged.
  expect(stream.progress).toEqual({
    tokens: 10,
    chars: "Hello, wörld! 👋\nHow can I help?".length,
  });
});

it("delivers a held delta when its time is up, while the provider is silent", async () => {
  let received!: () => void;
  const firstReceived = new Promise<void>((resolve) => {
    received = resolve;
  });
  // The second delta is only sent once the first was delivered: without the timer, a deadlock.
  async function* source() {
    yield 'data: {"type":"content_delta","delta":"A"}\n\n';
    await firstReceived;
    yield 'data: {"type":"content_delta","delta":"B"}\n\n';
    yield 'data: {"type":"content_delta","delta":"C"}\n\ndata: [DONE]\n\n';
  }
  const stream = await openStream(source(), { coalesce: { ms: 20 } });
  const delivered: string[] = [];
  for await (const event of stream) {
    if (event.type !== "text-delta") continue;
    delivered.push(event.text);
    received();
  }
  expect(delivered).toEqual(["A", "BC"]);
}, 5_000);

it("never merges across kinds or choices", async () => {
  async function* events(): AsyncGenerator<StreamEvent> {
    yield { type: "text-delta", choice: 0, text: "a" };
    yield { type: "text-delta", choice: 1, text: "b" };
    yield { type: "text-delta", choice: 1, text: "c" };
    yield { type: "reasoning-delta", choice: 1, text: "d" };
    yield { type: "text-delta", choice: 0, text: "e" };
    yield { type: "text-delta", choice: 0, text: "f" };
  }
  const out: StreamEvent[] = [];
  for await (const event of coalesceDeltas(events(), { ms: 60_000 })) out.push(event);
  expect(out).toEqual([
    { type: "text-delta", choice: 0, text: "a" },
    { type: "text-delta", choice: 1, text: "bc" },
    { type: "reasoning-delta", choice: 1, text: "d" },
    { type: "text-delta", choice: 0, text: "ef" },
  ]);
});
