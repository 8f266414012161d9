import { describe, expect, it } from "vitest";
import { readLimitedBody } from "./read-limited-body.js";

/** A streamed request body (no content-length), so the limit is enforced while reading. */
function streamed(text: string): Request {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return new Request("http://proxy/", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readLimitedBody", () => {
  it("accepts a body of exactly maxBytes and refuses one byte more", async () => {
    expect(await readLimitedBody(streamed("x".repeat(100)), { maxBytes: 100 })).toEqual({
      ok: true,
      text: "x".repeat(100),
    });
    expect(await readLimitedBody(streamed("x".repeat(101)), { maxBytes: 100 })).toEqual({
      ok: false,
      reason: "too-large",
    });
  });

  it("refuses a body still arriving at timeoutMs", async () => {
    const body = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const request = new Request("http://proxy/", {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    expect(await readLimitedBody(request, { maxBytes: 100, timeoutMs: 50 })).toEqual({
      ok: false,
      reason: "timeout",
    });
  });
});
