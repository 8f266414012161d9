import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../events/stream-event.js";
import { probe } from "../test-support/probe-dialect.js";
import { decode } from "./async-pipelines.js";

const utf8 = new TextEncoder();
const line = (v: string) => `data: {"t":"text","v":"${v}"}\n\n`;

/** A source that records what was read and whether it was cancelled. */
function recorded(chunks: string[], options: { failAfter?: boolean } = {}) {
  const log = { reads: 0, cancelled: false };
  const source: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        async next() {
          log.reads++;
          if (i < chunks.length) return { value: utf8.encode(chunks[i++]!), done: false };
          if (options.failAfter === true) throw new Error("connection reset");
          return { value: undefined, done: true };
        },
        async return() {
          log.cancelled = true;
          return { value: undefined, done: true };
        },
      };
    },
  };
  return { source, log };
}

function readable(chunks: string[]) {
  const log = { pulls: 0, cancelled: false };
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      log.pulls++;
      if (i < chunks.length) controller.enqueue(utf8.encode(chunks[i++]!));
      else controller.close();
    },
    cancel() {
      log.cancelled = true;
    },
  });
  return { stream, log };
}

const texts = (events: StreamEvent[]) =>
  events.flatMap((e) => (e.type === "text-delta" ? [e.text] : []));

describe("decode(body): the async iterator", () => {
  it("yields every event of a chunk before reading the next chunk", async () => {
    const { source, log } = recorded([line("a") + line("b"), line("c"), "data: [END]\n\n"]);
    const events = decode(source, probe);
    const seen: string[] = [];
    for await (const event of events) {
      if (event.type === "text-delta") seen.push(`${event.text}@${log.reads}`);
    }
    expect(seen).toEqual(["a@1", "b@1", "c@2"]);
  });

  it("answers calls made at once in order, as an async generator does", async () => {
    const { source } = recorded([line("a"), line("b") + line("c"), "data: [END]\n\n"]);
    const events = decode(source, probe);
    const results = await Promise.all(Array.from({ length: 6 }, () => events.next()));
    expect(results.map((r) => (r.done ? "done" : r.value.type))).toEqual([
      "text-delta",
      "text-delta",
      "text-delta",
      "end",
      "done",
      "done",
    ]);
    expect(texts(results.flatMap((r) => (r.done ? [] : [r.value])))).toEqual(["a", "b", "c"]);
  });

  it("breaking out of the loop cancels the source and stays done", async () => {
    const { source, log } = recorded([line("a") + line("b"), line("c")]);
    const events = decode(source, probe);
    for await (const _ of events) break;
    expect(log.cancelled).toBe(true);
    expect(await events.next()).toEqual({ value: undefined, done: true });
    expect(log.reads).toBe(1);
  });

  it("reads a ReadableStream through its reader and cancels it on break", async () => {
    const { stream, log } = readable([line("a"), line("b"), line("c")]);
    const seen: string[] = [];
    for await (const event of decode(stream, probe)) {
      if (event.type === "text-delta") seen.push(event.text);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(["a", "b"]);
    expect(log.cancelled).toBe(true);
  });

  it("a source that throws ends the stream with an error after everything before it", async () => {
    const { source } = recorded([line("a")], { failAfter: true });
    const events: StreamEvent[] = [];
    for await (const event of decode(source, probe)) events.push(event);
    expect(events.map((e) => e.type)).toEqual(["text-delta", "error", "end"]);
    expect(events[1]).toMatchObject({ code: "network-error", message: "connection reset" });
  });

  it("a source that ends normally is not cancelled", async () => {
    const { stream, log } = readable([line("a"), "data: [END]\n\n"]);
    const events: StreamEvent[] = [];
    for await (const event of decode(stream, probe)) events.push(event);
    expect(events.at(-1)).toEqual({ type: "end", reason: "done" });
    expect(log.cancelled).toBe(false);
  });

  it("return() before any read never touches the source", async () => {
    const { source, log } = recorded([line("a")]);
    const events = decode(source, probe);
    expect(await events.return()).toEqual({ value: undefined, done: true });
    expect(log).toEqual({ reads: 0, cancelled: false });
  });

  it("hands out an event already decoded within one microtask, once the read that decoded it is done", async () => {
    // The per-event cost of `for await` over decode(body): a caller asking for the next event
    // as soon as it has one must get the fast path (one resolved promise), not a chain of them.
    const { source } = recorded([line("a") + line("b") + line("c") + line("d")]);
    const events = decode(source, probe);
    await events.next();
    for (const expected of ["b", "c", "d"]) {
      let value: StreamEvent | undefined;
      void events.next().then((result) => {
        value = result.value as StreamEvent;
      });
      await Promise.resolve();
      expect(value).toMatchObject({ type: "text-delta", text: expected });
    }
  });
});
