import { arbitraryText, checkEventsRoundTrip, checkSplitInvariance } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type StreamEvent, streamEventSchema } from "../events/stream-event.js";
import { probe, probeNdjson } from "../test-support/probe-dialect.js";
import { convert, decode, encode } from "./async-pipelines.js";
import { decodeAll, encodeAll } from "./sync-pipelines.js";
import { convertStream, decodeStream, encodeStream } from "./transform-streams.js";

const utf8 = new TextEncoder();
const text = (t: string) => ({ type: "text-delta", choice: 0, text: t }) as const;

/** Canonical probe sequences: texts, unknown events, comments, at most one error, then the end. */
const probeEvents: fc.Arbitrary<StreamEvent[]> = fc
  .tuple(
    fc.array(
      fc.oneof(
        arbitraryText.map(text),
        fc.record({
          type: fc.constant("unknown" as const),
          dialect: fc.constant("probe"),
          data: fc.jsonValue(),
        }),
        fc
          .string()
          .filter((s) => !/[\r\n]/.test(s))
          .map((t) => ({ type: "comment" as const, text: t })),
      ),
      { maxLength: 10 },
    ),
    fc.option(
      fc.constantFrom("provider-error", "cut-off", "invalid-json") as fc.Arbitrary<"cut-off">,
      {
        nil: undefined,
      },
    ),
  )
  .map(([events, code]) => {
    const out: StreamEvent[] = JSON.parse(JSON.stringify(events));
    if (code !== undefined) out.push({ type: "error", code, message: "boom" });
    const reason = code === undefined ? "done" : code === "cut-off" ? "cut-off" : "error";
    out.push({ type: "end", reason });
    return out;
  });

describe("decoding pipeline", () => {
  it("holds split invariance and both round trips on generated streams", () => {
    checkEventsRoundTrip(probe, probeEvents);
    fc.assert(
      fc.property(probeEvents, (events) => {
        checkSplitInvariance(probe, encodeAll(events, probe), { numRuns: 5 });
      }),
      { numRuns: 50 },
    );
  });

  it("emits only events the schema accepts", () => {
    fc.assert(
      fc.property(probeEvents, (events) => {
        for (const event of decodeAll(encodeAll(events, probe), probe))
          streamEventSchema.parse(event);
      }),
    );
  });

  it("reports malformed JSON with an excerpt, keeps what came before and goes on", () => {
    const wire =
      'data: {"t":"text","v":"a"}\n\ndata: {"t":\n\ndata: {"t":"text","v":"b"}\n\ndata: [END]\n\n';
    const events = checkSplitInvariance(probe, wire);
    expect(events).toMatchObject([
      text("a"),
      { type: "error", code: "invalid-json", data: { excerpt: '{"t":' } },
      text("b"),
      { type: "end", reason: "error" },
    ]);
  });

  it("reports a stream that ends without its terminator, keeping its content", () => {
    const events = decodeAll('data: {"t":"text","v":"a"}\n\ndata: {"t":"te', probe);
    expect(events).toEqual([
      text("a"),
      {
        type: "error",
        code: "cut-off",
        message: "The probe stream ended before its terminator (data: [END])",
      },
      { type: "end", reason: "cut-off" },
    ]);
  });

  it("reports invalid UTF-8 where it occurs and goes on", () => {
    const wire = new Uint8Array([
      ...utf8.encode('data: {"t":"text","v":"a"}\n\ndata: {"t":"text","v":"'),
      0xff,
      ...utf8.encode('"}\n\ndata: [END]\n\n'),
    ]);
    const events = checkSplitInvariance(probe, wire);
    expect(events.map((e) => e.type)).toEqual(["text-delta", "error", "text-delta", "end"]);
    expect(events[1]).toMatchObject({ code: "invalid-utf8" });
    expect(events[2]).toEqual(text("\uFFFD"));
  });

  it("skips an oversized event with an error and decodes the rest", () => {
    const big = "é".repeat(5000);
    const wire = `data: {"t":"text","v":"a"}\n\ndata: {"t":"text","v":"${big}"}\n\ndata: {"t":"text","v":"b"}\n\ndata: [END]\n\n`;
    const events = checkSplitInvariance(probe, wire, {
      decode: { maxEventSize: 1000 },
      numRuns: 30,
    });
    expect(events).toMatchObject([
      text("a"),
      { type: "error", code: "event-too-large" },
      text("b"),
      { type: "end" },
    ]);
  });

  it("decodes NDJSON framing through the same engine", () => {
    const wire = '{"t":"text","v":"a"}\r\n{"t":"text","v":"b"}\n[END]\n';
    expect(checkSplitInvariance(probeNdjson, wire)).toEqual([
      text("a"),
      text("b"),
      { type: "end", reason: "done" },
    ]);
  });

  it("keeps comments as events unless told not to", () => {
    const wire = ": keep-alive\n\ndata: [END]\n\n";
    expect(decodeAll(wire, probe)[0]).toEqual({ type: "comment", text: "keep-alive" });
    expect(decodeAll(wire, probe, { comments: false })).toEqual([{ type: "end", reason: "done" }]);
  });

  it("throws on misuse: an event after the end", () => {
    expect(() => encodeAll([{ type: "end", reason: "done" }, text("late")], probe)).toThrow(
      /after the end/,
    );
  });
});

async function* slowly(chunks: (string | Error)[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    if (chunk instanceof Error) throw chunk;
    yield utf8.encode(chunk);
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("async and Web-Streams pipelines", () => {
  it("turns a source that fails into an error event after everything received", async () => {
    const events = await collect(
      decode(slowly(['data: {"t":"text","v":"a"}\n\n', new Error("socket hang up")]), probe),
    );
    expect(events).toEqual([
      text("a"),
      { type: "error", code: "network-error", message: "socket hang up" },
      { type: "end", reason: "error" },
    ]);
  });

  it("reports a source that throws anything at all, after everything received", async () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const hostile: unknown[] = [
      Object.create(null),
      {
        toString: () => {
          throw new Error("no");
        },
      },
      Object.defineProperty(new Error("x"), "message", {
        get: () => {
          throw new Error("no");
        },
      }),
      revoked.proxy,
      undefined,
      Symbol("s"),
    ];
    for (const thrown of hostile) {
      async function* source(): AsyncGenerator<Uint8Array> {
        yield utf8.encode('data: {"t":"text","v":"a"}\n\n');
        throw thrown;
      }
      const events = await collect(decode(source(), probe));
      expect(events.slice(0, 1)).toEqual([text("a")]);
      expect(events.at(-2)).toMatchObject({ type: "error", code: "network-error" });
      expect(events.at(-1)).toEqual({ type: "end", reason: "error" });
    }
  });

  it("reports an aborted source as aborted", async () => {
    const abort = new DOMException("The operation was aborted", "AbortError");
    const events = await collect(
      decode(slowly(['data: {"t":"text","v":"a"}\n\n', abort as unknown as Error]), probe),
    );
    expect(events.at(-1)).toEqual({ type: "end", reason: "aborted" });
  });

  it("emits each event during the push that completes it: nothing waits for later bytes", async () => {
    const { readable, writable } = convertStream(probe, probe);
    const writer = writable.getWriter();
    const reader = readable.getReader();
    void writer.write(utf8.encode('data: {"t":"text","v":"first"}\n\ndata: {"t":"te'));
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: {"t":"text","v":"first"}\n\n');
    void writer.write(utf8.encode('xt","v":"second"}\n\n'));
    const second = await reader.read();
    expect(new TextDecoder().decode(second.value)).toBe('data: {"t":"text","v":"second"}\n\n');
    void writer.close();
    const rest = await reader.read();
    // Cut off: the error is written in the dialect's form, then its terminator.
    expect(new TextDecoder().decode(rest.value)).toContain('"code":"cut-off"');
  });

  it("decodes and encodes through Web Streams", async () => {
    const body = new Response('data: {"t":"text","v":"a"}\n\ndata: [END]\n\n').body!;
    const events = await collect(body.pipeThrough(decodeStream(probe)));
    expect(events).toEqual([text("a"), { type: "end", reason: "done" }]);
    const source = new ReadableStream<StreamEvent>({
      start(controller) {
        for (const event of events) controller.enqueue(event);
        controller.close();
      },
    });
    const bytes = await new Response(source.pipeThrough(encodeStream(probe))).text();
    expect(bytes).toBe('data: {"t":"text","v":"a"}\n\ndata: [END]\n\n');
  });

  it("encodes from an async iterable and converts from a byte source", async () => {
    const encoded = await collect(encode([text("x")], probe));
    expect(encoded.map((b) => new TextDecoder().decode(b)).join("")).toBe(
      'data: {"t":"text","v":"x"}\n\ndata: [END]\n\n',
    );
    const converted = await collect(
      convert(slowly(['data: {"t":"text","v":"y"}\n\n', "data: [END]\n\n"]), probe, probe),
    );
    expect(converted).toHaveLength(2);
  });
});
