import { describe, expect, it } from "vitest";
import { readBoundedText } from "./read-bounded-text.js";

/** A body of `size` bytes in reads of `piece`, then the end or silence; records a cancel. */
function body(size: number, piece: number, end: "close" | "hang") {
  const seen = { read: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.read >= size) {
          if (end === "close") controller.close();
          return end === "hang" ? new Promise(() => {}) : undefined;
        }
        const n = Math.min(piece, size - seen.read);
        seen.read += n;
        controller.enqueue(new Uint8Array(n).fill(0x61));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

describe("readBoundedText", () => {
  it("reads a body of exactly maxBytes whole", async () => {
    const { stream } = body(1000, 300, "close");
    const read = await readBoundedText(stream, { maxBytes: 1000 });
    expect(read.text).toBe("a".repeat(1000));
  });

  it("keeps maxBytes of a body one byte longer, and cancels the rest", async () => {
    const { stream, seen } = body(1001, 300, "close");
    const read = await readBoundedText(stream, { maxBytes: 1000 });
    expect(read).toEqual({ text: "a".repeat(1000), stopped: "limit" });
    expect(seen.cancelled).toBe(true);
    // It stopped pulling at the limit: one read past it at most.
    expect(seen.read).toBeLessThanOrEqual(1001);
  });

  it("gives up on a body that goes silent for idleTimeoutMs, keeping what arrived", async () => {
    const { stream, seen } = body(10, 10, "hang");
    const read = await readBoundedText(stream, { maxBytes: 1000, idleTimeoutMs: 50 });
    expect(read).toEqual({ text: "a".repeat(10), stopped: "timeout" });
    expect(seen.cancelled).toBe(true);
  });
});
