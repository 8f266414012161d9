import { arbitrarySplit, oneBytePieces } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WireMessage } from "../framing/wire-message.js";
import { Utf8Decoder } from "../utf8/decode-utf8.js";
import { SseReader } from "./read-sse.js";
import { formatSseComment, formatSseEvent } from "./write-sse.js";

type Frame = { message: WireMessage } | { comment: string } | { tooLarge: true };

/** Reads byte pieces through UTF-8 decoding and the SSE reader, as the pipelines do. */
function read(pieces: Uint8Array[], max = 1 << 20): Frame[] {
  const frames: Frame[] = [];
  const reader = new SseReader(
    {
      message: (m) => frames.push({ message: { event: m.event, data: m.data, id: m.id } }),
      comment: (text) => frames.push({ comment: text }),
      tooLarge: () => frames.push({ tooLarge: true }),
    },
    max,
  );
  const utf8 = new Utf8Decoder({ text: (t) => reader.feed(t), invalid: () => {} });
  for (const piece of pieces) utf8.push(piece);
  utf8.end();
  reader.end();
  return JSON.parse(JSON.stringify(frames)) as Frame[];
}

const bytes = (text: string) => new TextEncoder().encode(text);

// A field value cannot start with a space (one is stripped) nor hold a line break.
const fieldValue = fc
  .string({ unit: "binary", maxLength: 8 })
  .filter((s) => !/[\r\n]/.test(s) && !s.startsWith(" "));
const item = fc.oneof(
  fc.record({
    event: fc.option(
      fieldValue.filter((s) => s !== ""),
      { nil: undefined },
    ),
    id: fc.option(
      fieldValue.filter((s) => !s.includes("\0")),
      { nil: undefined },
    ),
    data: fc.array(
      fc.string({ unit: "binary", maxLength: 12 }).filter((s) => !/[\r\n]/.test(s)),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
  }),
  fc.record({ comment: fieldValue }),
);
const lineEnd = fc.constantFrom("\n", "\r\n", "\r");

describe("SseReader", () => {
  it("reads event names, ids, multi-line data and comments, whatever the line ends and the splits", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), lineEnd, fc.integer(), (items, eol, seed) => {
        let wire = "";
        const expected: Frame[] = [];
        for (const it of items) {
          if ("comment" in it) {
            wire += formatSseComment(it.comment);
            expected.push({ comment: it.comment });
          } else {
            const data = it.data.join("\n");
            wire += formatSseEvent({ event: it.event, id: it.id, data });
            expected.push({
              message: JSON.parse(JSON.stringify({ event: it.event, data, id: it.id })),
            });
          }
        }
        wire = wire.replace(/\n/g, eol);
        const all = bytes(wire);
        expect(read([all])).toEqual(expected);
        expect(read(oneBytePieces(all))).toEqual(expected);
        const pieces = fc.sample(arbitrarySplit(all), { numRuns: 1, seed })[0]!;
        expect(read(pieces)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("dispatches an event whose blank line is a CR at the very end of the input", () => {
    expect(read([bytes("data: a\r\r")])).toEqual([{ message: { data: "a" } }]);
  });

  it("dispatches a last event whose lines are whole though its blank line never came", () => {
    // Real recordings end `data: [DONE]\n`: the end of the input ends the event.
    expect(read([bytes("data: a\n\ndata: b\n")])).toEqual([
      { message: { data: "a" } },
      { message: { data: "b" } },
    ]);
    expect(read([bytes("data: a\n\ndata: b\r")])).toEqual([
      { message: { data: "a" } },
      { message: { data: "b" } },
    ]);
  });

  it("discards a last line cut before its line end (the stream was cut)", () => {
    expect(read([bytes("data: a\n\ndata: b")])).toEqual([{ message: { data: "a" } }]);
  });

  it("reports an oversized event once and resumes at the next event, however it is split", () => {
    const big = "x".repeat(300);
    const wire = bytes(`data: a\n\ndata: ${big}\ndata: ${big}\n\n: ${big}\ndata: b\n\n`);
    const expected = [
      { message: { data: "a" } },
      { tooLarge: true },
      { tooLarge: true },
      { message: { data: "b" } },
    ];
    expect(read([wire], 250)).toEqual(expected);
    expect(read(oneBytePieces(wire), 250)).toEqual(expected);
    fc.assert(
      fc.property(arbitrarySplit(wire), (pieces) => {
        expect(read(pieces, 250)).toEqual(expected);
      }),
    );
  });

  it("keeps memory bounded for an event of 64 MiB fed in 64 KiB chunks", () => {
    const frames: Frame[] = [];
    const reader = new SseReader(
      {
        message: (m) => frames.push({ message: m }),
        comment: () => {},
        tooLarge: () => frames.push({ tooLarge: true }),
      },
      1 << 20,
    );
    const piece = "y".repeat(64 * 1024);
    reader.feed("data: ");
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    for (let i = 0; i < 1024; i++) {
      reader.feed(piece);
      if (i % 64 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    reader.feed("\n\ndata: after\n\n");
    reader.end();
    expect(frames).toEqual([
      { tooLarge: true },
      { message: { data: "after", event: undefined, id: undefined } },
    ]);
    // Without the limit the parser would hold 64 MiB of text (128 MiB as UTF-16).
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  });
});
