import { arbitrarySplit, oneBytePieces } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findInvalidUtf8, Utf8Decoder } from "./decode-utf8.js";

function decodePieces(pieces: Uint8Array[]): (string | { invalid: true })[] {
  const out: (string | { invalid: true })[] = [];
  const decoder = new Utf8Decoder({
    text: (t) => {
      // Adjacent text pieces are merged: where text is cut is not observable downstream.
      const last = out[out.length - 1];
      if (typeof last === "string") out[out.length - 1] = last + t;
      else out.push(t);
    },
    invalid: () => out.push({ invalid: true }),
  });
  for (const p of pieces) decoder.push(p);
  decoder.end();
  return out;
}

describe("Utf8Decoder", () => {
  it("decodes valid text the same however it is split, also inside multi-byte characters", () => {
    fc.assert(
      fc.property(
        fc
          .string({ unit: "binary", maxLength: 40 })
          .chain((s) =>
            arbitrarySplit(new TextEncoder().encode(s)).map((pieces) => [s, pieces] as const),
          ),
        ([s, pieces]) => {
          expect(decodePieces(pieces).join("")).toBe(s);
        },
      ),
    );
  });

  it("reports the first invalid sequence at its exact place, with the text before it kept", () => {
    const bytes = new Uint8Array([0x61, 0xc3, 0xa9, 0xff, 0x62, 0xfe, 0x63]);
    const expected = ["aé", { invalid: true }, "\uFFFDb\uFFFDc"];
    expect(decodePieces([bytes])).toEqual(expected);
    expect(decodePieces(oneBytePieces(bytes))).toEqual(expected);
    fc.assert(
      fc.property(arbitrarySplit(bytes), (pieces) => {
        expect(decodePieces(pieces)).toEqual(expected);
      }),
    );
  });

  it("does not report a U+FFFD that was sent as such", () => {
    expect(decodePieces([new TextEncoder().encode("a\uFFFDb")])).toEqual(["a\uFFFDb"]);
  });

  it("reports an incomplete sequence at the end of the input", () => {
    expect(decodePieces([new Uint8Array([0x61, 0xe6, 0x97])])).toEqual([
      "a",
      { invalid: true },
      "\uFFFD",
    ]);
  });

  it("rejects overlong forms and surrogates", () => {
    expect(findInvalidUtf8(new Uint8Array([0xc0, 0x80]))).toBe(0);
    expect(findInvalidUtf8(new Uint8Array([0x41, 0xe0, 0x80, 0x80]))).toBe(1);
    expect(findInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(findInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(findInvalidUtf8(new Uint8Array([0xf0, 0x9f, 0xa6]))).toBe(-1);
  });
});
