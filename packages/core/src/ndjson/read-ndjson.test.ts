import { arbitrarySplit } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NdjsonReader } from "./read-ndjson.js";

function read(pieces: string[], max = 1 << 20): (string | null)[] {
  const out: (string | null)[] = [];
  const reader = new NdjsonReader(
    { message: (m) => out.push(m.data), comment: () => {}, tooLarge: () => out.push(null) },
    max,
  );
  for (const p of pieces) reader.feed(p);
  reader.end();
  return out;
}

describe("NdjsonReader", () => {
  it("reads one message per line with LF or CRLF, skips blank lines, keeps a last line without newline", () => {
    expect(read(['{"a":1}\r\n\n{"b":2}\n  \n{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("reads the same however the text is split", () => {
    const text = '{"a":"é"}\r\n{"b":2}\n\n{"c":"x"}\n';
    const bytes = new TextEncoder().encode(text);
    fc.assert(
      fc.property(arbitrarySplit(bytes), (pieces) => {
        const decoder = new TextDecoder();
        const texts = pieces.map((p) => decoder.decode(p, { stream: true }));
        expect(read(texts)).toEqual(['{"a":"é"}', '{"b":2}', '{"c":"x"}']);
      }),
    );
  });

  it("reports a line over the limit once, skips it, and goes on, however it is split", () => {
    const text = `{"a":1}\n${"z".repeat(50)}\n{"b":2}\n`;
    const expected = ['{"a":1}', null, '{"b":2}'];
    expect(read([text], 20)).toEqual(expected);
    expect(read(text.split(""), 20)).toEqual(expected);
  });
});
