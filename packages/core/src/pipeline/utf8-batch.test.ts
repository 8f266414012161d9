import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Utf8Batch } from "./utf8-batch.js";

const pieces = fc.array(
  fc.record({
    // Any UTF-16 string: lone surrogates too, which become U+FFFD as TextEncoder writes them.
    text: fc.oneof(
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
      // Longer than the loop's limit: encoded natively.
      fc.string({ unit: "binary", minLength: 257, maxLength: 600 }),
    ),
    reusable: fc.boolean(),
  }),
  { maxLength: 12 },
);

describe("Utf8Batch", () => {
  it("gives the bytes TextEncoder gives for the text written, reusable or not", () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 4 }), (batches) => {
        const batch = new Utf8Batch();
        for (const written of batches) {
          for (const { text, reusable } of written) batch.write(text, reusable);
          const expected = new TextEncoder().encode(written.map((p) => p.text).join(""));
          const bytes = batch.take();
          if (expected.length === 0) expect(bytes).toBeUndefined();
          else expect(bytes).toEqual(expected);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("writes a surrogate pair split between two writes as one character", () => {
    const batch = new Utf8Batch();
    batch.write("a\ud83e");
    batch.write("\udd80b", true);
    expect(new TextDecoder().decode(batch.take())).toBe("a🦀b");
    // A high surrogate nothing pairs in the batch is lone.
    batch.write("\ud83e");
    expect(batch.take()).toEqual(new TextEncoder().encode("\ufffd"));
    batch.write("\ud83e");
    batch.write("x");
    expect(new TextDecoder().decode(batch.take())).toBe("\ufffdx");
  });

  it("grows past its buffer, hands out copies, and writes a reusable string the same each time", () => {
    const batch = new Utf8Batch();
    const prefix = `data: {"id":"é${"x".repeat(300)}",`;
    let expected = "";
    for (let i = 0; i < 2000; i++) {
      batch.write(prefix, true);
      batch.write(`日本 🦀 ${i}\n`);
      expected += `${prefix}日本 🦀 ${i}\n`;
    }
    const first = batch.take()!;
    expect(new TextDecoder().decode(first)).toBe(expected);
    batch.write("next");
    expect(new TextDecoder().decode(batch.take())).toBe("next");
    // The first batch is the caller's: writing on did not change it.
    expect(new TextDecoder().decode(first)).toBe(expected);
  });
});
