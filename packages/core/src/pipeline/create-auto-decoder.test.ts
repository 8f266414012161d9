import { arbitrarySplit, oneBytePieces } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AnyDialect, DetectionInput } from "../dialect/dialect.js";
import type { StreamEvent } from "../events/stream-event.js";
import { type Framing, jsonArrayFraming, sseFraming } from "../framing/framings.js";
import { probe, probeNdjson } from "../test-support/probe-dialect.js";
import { type AutoDecodeOptions, createAutoDecoder } from "./create-auto-decoder.js";
import { decodeAuto } from "./decode-auto.js";
import { decodeAll } from "./sync-pipelines.js";

/** Probe dialects that claim a stream once a message carries their marker field. */
const marked = (base: AnyDialect, name: string, marker: string): AnyDialect => ({
  ...base,
  name,
  detect: ({ messages }: DetectionInput) => {
    if (messages.some((m) => m.data.includes(`"${marker}"`))) return "yes";
    return messages.some((m) => m.data.includes('"t":"text"')) ? "undecided" : "no";
  },
});
const sse = marked(probe, "probe-sse", "sse-mark");
const other = marked(probe, "other-sse", "other-mark");
const lines = marked(probeNdjson, "probe-lines", "nd-mark");
/**
 * A JSON-array dialect whose framing shares SSE's name and content type, as Gemini's does (it
 * reads `?alt=sse` and the JSON array alike): a framing's name does not say what it reads.
 */
const array = marked(
  { ...probe, framing: { ...jsonArrayFraming, name: "sse", contentTypes: ["text/event-stream"] } },
  "probe-array",
  "arr-mark",
);
const dialects = [sse, other, lines, array];

const utf8 = new TextEncoder();

function decodeAutoAll(
  pieces: readonly (Uint8Array | string)[],
  options: AutoDecodeOptions = {},
  installed: readonly AnyDialect[] = dialects,
): { events: StreamEvent[]; dialect: string | undefined } {
  const events: StreamEvent[] = [];
  const decoder = createAutoDecoder(installed, (e) => events.push(e), options);
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  return { events: JSON.parse(JSON.stringify(events)), dialect: decoder.dialect?.name };
}

const sseStream =
  ': hello\n\ndata: {"t":"text","v":"caf\u00e9 "}\r\n\r\n' +
  'data: {"t":"text","v":"\u65e5\u672c","sse-mark":1}\n\n' +
  'data: {"t":"text","v":"!"}\n\ndata: [END]\n\n';
const ndjsonStream = '\n{"t":"text","v":"a"}\r\n{"t":"text","v":"b","nd-mark":1}\n[END]\n';
const arrayStream =
  ' [{"t":"text","v":"a"},\r\n{"t":"text","v":"b","arr-mark":1},{"t":"text","v":"c"}]';

describe("createAutoDecoder", () => {
  it("detects an SSE dialect and replays what it buffered: the same events as decoding with it", () => {
    const { events, dialect } = decodeAutoAll([sseStream]);
    expect(dialect).toBe("probe-sse");
    expect(events).toEqual(JSON.parse(JSON.stringify(decodeAll(sseStream, sse))));
    expect(events.filter((e) => e.type === "text-delta")).toHaveLength(3);
  });

  it("frames NDJSON from the first bytes, or from the content type", () => {
    expect(decodeAutoAll([ndjsonStream]).dialect).toBe("probe-lines");
    const typed = decodeAutoAll([ndjsonStream], { contentType: "application/x-ndjson" });
    expect(typed.dialect).toBe("probe-lines");
    expect(typed.events).toEqual(JSON.parse(JSON.stringify(decodeAll(ndjsonStream, lines))));
  });

  it("takes the dialects whose framing claims the first bytes: a JSON array is its framing's", () => {
    const { events, dialect } = decodeAutoAll([arrayStream]);
    expect(dialect).toBe("probe-array");
    expect(events).toEqual(JSON.parse(JSON.stringify(decodeAll(arrayStream, array))));
    expect(events.filter((e) => e.type === "text-delta")).toHaveLength(3);
    // Without a dialect whose framing reads it, the same bytes are no one's.
    const none = decodeAutoAll([arrayStream], {}, [sse, lines]);
    expect(none.events[0]).toMatchObject({ code: "unknown-dialect" });
    expect((none.events[0] as { message: string }).message).toContain(
      "none of the installed framings",
    );
  });

  it("asks dialects of two framings that claim the same bytes, each with its own messages", () => {
    // A framing named `sse` that reads each SSE event's data twice over: its dialect sees other
    // messages than the plain SSE dialect, and only after as many of them.
    const doubled: Framing = {
      ...sseFraming,
      createFramer: (sink, max) =>
        sseFraming.createFramer(
          {
            ...sink,
            message: (m) => {
              sink.message(m);
              sink.message(m);
            },
          },
          max,
        ),
    };
    const twice = marked({ ...probe, framing: doubled }, "probe-twice", "twice-mark");
    const stream = 'data: {"t":"text","v":"1"}\n\ndata: {"t":"text","v":"2","twice-mark":1}\n\n';
    const bytes = utf8.encode(stream);
    const whole = decodeAutoAll([bytes], {}, [sse, twice]);
    expect(whole.dialect).toBe("probe-twice");
    fc.assert(
      fc.property(arbitrarySplit(bytes), (pieces) => {
        expect(decodeAutoAll(pieces, {}, [sse, twice])).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });

  it("decodes the same, and picks the same dialect, however the bytes are split", () => {
    for (const stream of [sseStream, ndjsonStream, arrayStream]) {
      const bytes = utf8.encode(stream);
      const whole = decodeAutoAll([bytes]);
      expect(decodeAutoAll(oneBytePieces(bytes))).toEqual(whole);
      fc.assert(
        fc.property(arbitrarySplit(bytes), (pieces) => {
          expect(decodeAutoAll(pieces)).toEqual(whole);
        }),
        { numRuns: 200 },
      );
    }
  });

  it("gives up after maxDetectMessages with an error naming what it saw, not a guess", () => {
    const stream = 'data: {"t":"text","v":"1"}\n\n'.repeat(5);
    const { events, dialect } = decodeAutoAll([stream], { maxDetectMessages: 3 });
    expect(dialect).toBeUndefined();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      type: "error",
      code: "unknown-dialect",
      data: {
        framing: "sse",
        firstMessage: '{"t":"text","v":"1"}',
        candidates: { "probe-sse": "undecided", "other-sse": "undecided" },
      },
    });
    expect(events[1]).toEqual({ type: "end", reason: "error" });
    // It gave up at the third message, during the push, not when the input ended.
    const early: StreamEvent[] = [];
    const decoder = createAutoDecoder(dialects, (e) => early.push(e), { maxDetectMessages: 3 });
    decoder.push(stream);
    expect(early.map((e) => e.type)).toEqual(["error", "end"]);
    expect((early[0] as { message: string }).message).toContain("after 3 message(s)");
  });

  it("refuses an ambiguous stream", () => {
    const stream = 'data: {"t":"text","v":"1","sse-mark":1,"other-mark":1}\n\n';
    const { events } = decodeAutoAll([stream]);
    expect(events[0]).toMatchObject({ code: "unknown-dialect" });
    expect((events[0] as { message: string }).message).toContain("probe-sse and other-sse");
  });

  it("stops reading for detection at maxDetectSize, at the same place for any split", () => {
    const stream = `: ${"x".repeat(100)}\n\ndata: {"t":"text","v":"1","sse-mark":1}\n\n`;
    expect(decodeAutoAll([stream], { maxDetectSize: 50 }).events[0]).toMatchObject({
      code: "unknown-dialect",
    });
    expect(decodeAutoAll([stream], { maxDetectSize: 500 }).dialect).toBe("probe-sse");
  });

  it("reports bytes that are neither SSE nor NDJSON, and an empty stream", () => {
    const html = decodeAutoAll(["<html><body>502 Bad Gateway"], { contentType: "text/html" });
    expect(html.events[0]).toMatchObject({
      code: "unknown-dialect",
      data: { contentType: "text/html" },
    });
    expect((html.events[0] as { message: string }).message).toContain("<html>");
    const empty = decodeAutoAll([]);
    expect((empty.events[0] as { message: string }).message).toContain("empty");
    expect(empty.events[1]).toEqual({ type: "end", reason: "error" });
  });

  it("trusts the content type's framing over the bytes", () => {
    const { events } = decodeAutoAll([ndjsonStream], { contentType: "text/event-stream" });
    expect(events[0]).toMatchObject({ code: "unknown-dialect", data: { framing: "sse" } });
  });

  it("reports a source failure that comes before the dialect is known", () => {
    const events: StreamEvent[] = [];
    const decoder = createAutoDecoder(dialects, (e) => events.push(e));
    decoder.push('data: {"t":"text","v":"1"}\n\n');
    decoder.close({ type: "error", code: "aborted", message: "stopped" });
    expect(events).toEqual([
      { type: "error", code: "aborted", message: "stopped" },
      { type: "end", reason: "aborted" },
    ]);
  });

  it("decides at the end of input when the last message settles it", () => {
    const { dialect, events } = decodeAutoAll(['{"t":"text","v":"a","nd-mark":1}']);
    expect(dialect).toBe("probe-lines");
    expect(events.map((e) => e.type)).toEqual(["text-delta", "error", "end"]);
  });
});

describe("decodeAuto", () => {
  it("yields the events of the detected dialect as they arrive", async () => {
    async function* source() {
      yield utf8.encode(sseStream.slice(0, 40));
      yield utf8.encode(sseStream.slice(40));
    }
    const events: StreamEvent[] = [];
    for await (const event of decodeAuto(source(), dialects)) events.push(event);
    expect(events).toEqual(decodeAll(sseStream, sse));
  });

  it("stops reading the source once detection has failed", async () => {
    let reads = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        reads++;
        yield "<html>";
      }
    }
    const events: StreamEvent[] = [];
    for await (const event of decodeAuto(source(), dialects)) events.push(event);
    expect(events.map((e) => e.type)).toEqual(["error", "end"]);
    expect(reads).toBe(1);
  });
});
