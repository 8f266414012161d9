import { elumenta } from "@sse-dialects/elumenta";
import { loadFixture } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import type { StreamSummary } from "./pump-events.js";
import { elumentaMessage, readOpenAI } from "./test-support/proxy-fixture.js";
import { toOpenAIResponse } from "./to-openai-response.js";

/** A body that yields `pieces` one read at a time, then hangs or ends; records a cancel. */
function body(pieces: string[], end: "close" | "hang") {
  const seen = { pulls: 0, cancelled: false };
  const utf8 = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const piece = pieces[seen.pulls++];
        if (piece !== undefined) controller.enqueue(utf8.encode(piece));
        else if (end === "close") controller.close();
        else return new Promise(() => {});
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const plain = loadFixture("elumenta", "plain");
const pieces = new TextDecoder().decode(plain.bytes).split(/(?<=\n\n)/);

describe("toOpenAIResponse", () => {
  it.each(["elumenta", "auto"] as const)(
    "converts an Elumenta response (from %s)",
    async (from) => {
      const { stream } = body(pieces, "close");
      const summaries: StreamSummary[] = [];
      const response = await toOpenAIResponse(
        new Response(stream, { headers: { "content-type": "text/event-stream" } }),
        { from: from === "auto" ? "auto" : elumenta, onEnd: (s) => summaries.push(s) },
      );
      expect(Object.fromEntries(response.headers)).toEqual({
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        "x-accel-buffering": "no",
      });
      const { message } = readOpenAI(await response.text());
      expect(message.choices[0]?.text).toBe(elumentaMessage(plain.bytes).choices[0]?.text);
      expect(summaries).toEqual([
        { dialect: "elumenta", events: plain.events!.length, end: "done", error: undefined },
      ]);
    },
  );

  it("reads on when what a read completed writes nothing (an event OpenAI cannot carry)", async () => {
    // An Elumenta event type the model does not know decodes to an `unknown` event, which the
    // OpenAI encoder reports as dropped and writes nothing for. A pull that enqueues nothing
    // must read on: the Streams spec does not call `pull` again by itself.
    const withHeartbeats = pieces.flatMap((piece) => [piece, 'data: {"type":"heartbeat"}\n\n']);
    const { stream } = body(withHeartbeats, "close");
    const response = await toOpenAIResponse(new Response(stream), { from: elumenta });
    const { message } = readOpenAI(await response.text());
    expect(message.choices[0]?.text).toBe(elumentaMessage(plain.bytes).choices[0]?.text);
    expect(message.end).toBe("done");
  });

  it("reads the upstream only as fast as the client reads", async () => {
    const { stream, seen } = body(pieces, "close");
    const response = await toOpenAIResponse(new Response(stream), { from: elumenta });
    const reader = response.body!.getReader();
    await reader.read();
    const after = seen.pulls;
    // Nothing is read ahead while the client does not ask.
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.pulls).toBe(after);
    expect(after).toBeLessThanOrEqual(2);
  });

  it("cancelling the response cancels the upstream body", async () => {
    const { stream, seen } = body(pieces.slice(0, 2), "hang");
    const summaries: StreamSummary[] = [];
    const response = await toOpenAIResponse(new Response(stream), {
      from: elumenta,
      onEnd: (s) => summaries.push(s),
    });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(seen.cancelled).toBe(true);
    expect(summaries.map((s) => s.end)).toEqual(["aborted"]);
  });

  it("ends a silent upstream with a timeout error chunk and [DONE], cancelling it", async () => {
    const { stream, seen } = body(pieces.slice(0, 2), "hang");
    const response = await toOpenAIResponse(new Response(stream), {
      from: elumenta,
      idleTimeoutMs: 50,
    });
    const text = await response.text();
    expect(text).toMatch(/"code":"timeout".*\n\ndata: \[DONE\]\n\n$/s);
    expect(seen.cancelled).toBe(true);
  });

  it("turns a non-2xx upstream into an OpenAI error JSON with the same status", async () => {
    const response = await toOpenAIResponse(
      new Response(JSON.stringify({ message: "Internal server error" }), { status: 503 }),
      { from: elumenta },
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { message: "Internal server error", type: "upstream_error", code: null },
    });
  });
});
