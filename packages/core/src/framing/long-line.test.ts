import { describe, expect, it } from "vitest";
import type { Framing } from "./framings.js";
import { jsonArrayFraming, ndjsonFraming, sseFraming } from "./framings.js";
import type { Framer, FrameSink, WireMessage } from "./wire-message.js";

/*
 * A line of several megabytes read in small pieces (a Responses stream's final event repeats the
 * whole text) must cost time linear in its length: a splitter that searches its whole buffer
 * again on every read is quadratic, and at 1 KiB reads of a 3 MB line that is billions of
 * characters scanned. Time is not asserted (the machine may be slow): the characters the
 * framer scans are counted instead, by metering the string and regular-expression scans it can
 * use, and their total must stay within a small multiple of the input.
 */

const LINE = 3 * 1024 * 1024;
const READ = 1024;

interface Meter {
  scanned: number;
  restore(): void;
}

/** Counts the characters every string search and character read covers from now on. */
function meter(): Meter {
  const m = { scanned: 0 } as Meter;
  const proto = String.prototype;
  const { indexOf, lastIndexOf, includes, charCodeAt, codePointAt, search, split } = proto;
  const { exec } = RegExp.prototype;
  proto.indexOf = function (this: string, needle: string, from?: number) {
    const at = indexOf.call(this, needle, from);
    const start = Math.max(0, from ?? 0);
    m.scanned += (at === -1 ? this.length : at + needle.length) - start;
    return at;
  };
  proto.lastIndexOf = function (this: string, needle: string, from?: number) {
    const at = lastIndexOf.call(this, needle, from);
    m.scanned += (from ?? this.length) - (at === -1 ? 0 : at);
    return at;
  };
  proto.includes = function (this: string, needle: string, from?: number) {
    m.scanned += this.length - (from ?? 0);
    return includes.call(this, needle, from);
  };
  proto.charCodeAt = function (this: string, i: number) {
    m.scanned++;
    return charCodeAt.call(this, i);
  };
  proto.codePointAt = function (this: string, i: number) {
    m.scanned++;
    return codePointAt.call(this, i);
  } as typeof codePointAt;
  proto.search = function (this: string, re: RegExp) {
    m.scanned += this.length;
    return search.call(this, re);
  } as typeof search;
  proto.split = function (this: string, ...args: unknown[]) {
    m.scanned += this.length;
    return (split as (...a: unknown[]) => string[]).apply(this, args);
  } as typeof split;
  RegExp.prototype.exec = function (this: RegExp, text: string) {
    m.scanned += text.length - (this.global || this.sticky ? this.lastIndex : 0);
    return exec.call(this, text);
  };
  m.restore = () => {
    Object.assign(proto, {
      indexOf,
      lastIndexOf,
      includes,
      charCodeAt,
      codePointAt,
      search,
      split,
    });
    RegExp.prototype.exec = exec;
  };
  return m;
}

/** Feeds `text` to a framer in `READ`-character pieces; returns the messages and the count. */
function readInPieces(open: (sink: FrameSink) => Framer, text: string) {
  const messages: WireMessage[] = [];
  const framer = open({
    message: (message) => messages.push(message),
    comment: () => {},
    tooLarge: () => {
      throw new Error("too large");
    },
  });
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += READ) pieces.push(text.slice(at, at + READ));
  const m = meter();
  try {
    for (const piece of pieces) framer.feed(piece);
    framer.end();
  } finally {
    m.restore();
  }
  return { messages, scanned: m.scanned };
}

const payload = `{"text":"${"x".repeat(LINE)}"}`;
const streams: [string, Framing, string][] = [
  ["sse", sseFraming, `data: {"a":1}\n\ndata: ${payload}\n\ndata: {"b":2}\n\n`],
  ["ndjson", ndjsonFraming, `{"a":1}\n${payload}\n{"b":2}\n`],
  ["json-array", jsonArrayFraming, `[{"a":1},${payload},{"b":2}]`],
];

describe("a multi-megabyte line read in 1 KiB pieces", () => {
  it.each(streams)("%s framing scans it a bounded number of times", (_, framing, text) => {
    const { messages, scanned } = readInPieces(
      (sink) => framing.createFramer(sink, 2 * LINE),
      text,
    );
    expect(messages.map((m) => m.data.length)).toEqual([7, payload.length, 7]);
    // Each piece is searched for line ends a few times, and the whole line once more when it
    // ends (SSE: about 5 characters scanned per character read); a quadratic splitter scans
    // hundreds of times the input here.
    expect(scanned).toBeLessThan(8 * text.length);
  });

  it("the meter catches a splitter that searches its whole buffer on every read", () => {
    // The control: what the test above would see from a quadratic splitter.
    const naive = (sink: FrameSink): Framer => {
      let buffer = "";
      return {
        feed(text) {
          buffer += text;
          for (let at = buffer.indexOf("\n"); at !== -1; at = buffer.indexOf("\n")) {
            sink.message({ data: buffer.slice(0, at) });
            buffer = buffer.slice(at + 1);
          }
        },
        end() {},
      };
    };
    // A quarter-megabyte line is enough to show it (and quick to run).
    const text = `${payload.slice(0, 256 * 1024)}\n`;
    expect(readInPieces(naive, text).scanned).toBeGreaterThan(50 * text.length);
  });
});
