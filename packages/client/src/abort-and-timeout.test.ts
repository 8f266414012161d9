import { SseDialectsError, type StreamEvent } from "@sse-dialects/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IncompleteStreamError } from "./incomplete-stream-error.js";
import { openStream } from "./open-stream.js";
import type { StreamOptions } from "./stream-options.js";
import { startTestServer, type TestServer } from "./test-support/serve-streams.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

let nextId = 0;
function request(path: string, init: RequestInit = {}) {
  const id = `r${nextId++}`;
  const separator = path.includes("?") ? "&" : "?";
  return { id, response: fetch(`${server.url}${path}${separator}id=${id}`, init) };
}

async function open(path: string, options: StreamOptions = {}) {
  const { id, response } = request(path, options.signal ? { signal: options.signal } : {});
  return { id, stream: await openStream(response, options) };
}

/** Both dialects' streams, left open by the server after two content events. */
const hanging = [
  {
    dialect: "openai",
    path: "/hang/openai/text-with-usage-chunk?events=3",
    first: "Hello",
    sent: ["Hello", ", wörld! 👋"],
  },
  {
    dialect: "elumenta",
    path: "/hang/elumenta/plain?events=3",
    first: "Here",
    sent: ["Here", " are"],
  },
] as const;

describe.each(hanging)("$dialect: a stream that is still open", ({ path, first, sent }) => {
  it("abort() in the middle ends iteration with an abort error and closes the connection", async () => {
    const { id, stream } = await open(path);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) {
        if (event.type !== "text-delta") continue;
        seen.push(event.text);
        stream.abort("user pressed stop");
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect(error).toMatchObject({
      code: "aborted",
      message: "user pressed stop",
      partialContent: first,
    });
    expect(seen).toEqual([first]);
    expect(await server.connection(id)).toEqual({ finished: false });
    expect(stream.message.end).toBeUndefined();
  });

  it("an AbortSignal shared with fetch aborts a waiting reader and the request", async () => {
    const controller = new AbortController();
    const { id, stream } = await open(path, { signal: controller.signal });
    const result = stream.process({
      onContent: () => controller.abort(),
    });
    await expect(result).rejects.toMatchObject({ code: "aborted", partialContent: first });
    expect(await server.connection(id)).toEqual({ finished: false });
  });

  it("abort() while nobody reads cancels the body at once", async () => {
    const { id, stream } = await open(path);
    stream.abort();
    expect(await server.connection(id)).toEqual({ finished: false });
    await expect(stream.toContent()).rejects.toMatchObject({ code: "aborted", partialContent: "" });
  });

  it("the idle timeout ends the stream with a timeout error and cancels the request", async () => {
    const { id, stream } = await open(path, { idleTimeoutMs: 150, errors: "yield" });
    const events: StreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.slice(-2)).toEqual([
      { type: "error", code: "timeout", message: "No bytes arrived for 150 ms" },
      { type: "end", reason: "error" },
    ]);
    expect(events.flatMap((e) => (e.type === "text-delta" ? [e.text] : []))).toEqual(sent);
    await expect(stream.toContent()).rejects.toMatchObject({
      code: "timeout",
      partialContent: sent.join(""),
    });
    expect(await server.connection(id)).toEqual({ finished: false });
  });

  it("breaking out of the loop cancels the request", async () => {
    const { id, stream } = await open(path);
    for await (const event of stream) if (event.type === "text-delta") break;
    expect(await server.connection(id)).toEqual({ finished: false });
    await expect(stream.finalMessage()).rejects.toMatchObject({ code: "aborted" });
  });
});

it("does not fire the idle timeout on a stream that keeps sending", async () => {
  const { stream } = await open("/fixture/elumenta/plain", { idleTimeoutMs: 5_000 });
  expect(await stream.toContent()).toBe("Here are the numbers");
});

it("an already aborted signal fails the stream without reading", async () => {
  const { id, response } = request("/hang/openai/text-with-usage-chunk?events=3");
  const stream = await openStream(response, { signal: AbortSignal.abort() });
  await expect(stream.toContent()).rejects.toMatchObject({ code: "aborted" });
  expect(await server.connection(id)).toEqual({ finished: false });
});

it("a fetch aborted before the response rejects with an abort error", async () => {
  const controller = new AbortController();
  const { response } = request("/hang/openai/text-with-usage-chunk?events=0", {
    signal: controller.signal,
  });
  controller.abort();
  const error = await openStream(response).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SseDialectsError);
  expect(error).toMatchObject({ code: "aborted" });
});

const destroyed = [
  { path: "/destroy/openai/text-with-usage-chunk?events=3", sent: ["Hello", ", wörld! 👋"] },
  { path: "/destroy/elumenta/plain?events=3", sent: ["Here", " are"] },
];

describe.each(destroyed)("a server that dies mid-stream ($path)", ({ path, sent }) => {
  const partial = sent.join("");
  it("fails every interface with a network error and the partial text", async () => {
    const iterated = await (async () => {
      const { stream } = await open(path);
      const texts: string[] = [];
      try {
        for await (const event of stream) if (event.type === "text-delta") texts.push(event.text);
      } catch (error) {
        return { texts, error };
      }
      return { texts, error: undefined };
    })();
    expect(iterated.texts).toEqual(sent);
    expect(iterated.error).toMatchObject({ code: "network-error", partialContent: partial });

    const { stream } = await open(path);
    const errors: string[] = [];
    await stream.process({
      onError: (error) => errors.push(`${error.code}:${error.partialContent}`),
    });
    expect(errors).toEqual([`network-error:${partial}`]);

    await expect((await open(path)).stream.toContent()).rejects.toMatchObject({
      code: "network-error",
      partialContent: partial,
    });
  });
});

it("can be read only once, but waited for alongside", async () => {
  const { stream } = await open("/fixture/elumenta/plain");
  const chunks = stream.chunks();
  expect(() => stream[Symbol.asyncIterator]()).toThrow(/chunks\(\) is already reading it/);
  await expect(stream.process({})).rejects.toMatchObject({ code: "misuse" });
  const text = stream.toContent();
  let content = "";
  for await (const chunk of chunks) content += chunk.choices[0]?.delta.content ?? "";
  expect(await text).toBe(content);
  expect(content).toBe("Here are the numbers");
});
