import { decodeAll, type StreamEvent, streamEventSchema } from "@sse-dialects/core";
import { checkSplitInvariance, checkWireRoundTrip, loadFixtures } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { elumenta } from "./elumenta-dialect.js";

const fixtures = loadFixtures("elumenta");

describe("Elumenta fixtures", () => {
  it("cover what issue 4 lists", () => {
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        "plain",
        "multibyte",
        "escapes",
        "keep-alive",
        "error-after-deltas",
        "error-before-content",
        "cut-off-before-end",
        "cut-off-no-done",
        "crlf",
        "unknown-type",
      ]),
    );
    for (const fixture of fixtures) expect(fixture.events, fixture.name).toBeDefined();
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))("%s", (_, fixture) => {
    it("decodes to its expected events, each valid in the event model", () => {
      const events = decodeAll(fixture.bytes, elumenta);
      expect(events).toEqual(fixture.events);
      for (const event of events) expect(streamEventSchema.parse(event)).toEqual(event);
    });

    it("decodes the same however its bytes are split", () => {
      checkSplitInvariance(elumenta, fixture.bytes, { numRuns: 60 });
    });

    it("keeps every event when re-encoded to Elumenta", () => {
      checkWireRoundTrip(elumenta, fixture.bytes);
    });
  });
});

function decode(wire: string): StreamEvent[] {
  return decodeAll(wire, elumenta);
}

describe("ElumentaDecoder", () => {
  it("maps the documented example to metadata, role, text, finish and billing", () => {
    expect(
      decode(
        'data: {"type":"generation_start","id":"g1","model":"gpt-5"}\n\n' +
          'data: {"type":"content_delta","delta":"Hi"}\n\n' +
          'data: {"type":"generation_end","id":"g1","tokens_used":3,"balance_remaining":297}\n\n' +
          "data: [DONE]\n\n",
      ),
    ).toEqual([
      { type: "metadata", id: "g1", model: "gpt-5" },
      { type: "role", choice: 0, role: "assistant" },
      { type: "text-delta", choice: 0, text: "Hi" },
      { type: "finish", choice: 0, reason: "stop", raw: "generation_end" },
      { type: "usage", billing: { tokens_used: 3, balance_remaining: 297 } },
      { type: "end", reason: "done" },
    ]);
  });

  it("emits metadata again only for the values that changed", () => {
    const events = decode(
      'data: {"type":"generation_start","id":"g1","model":"m"}\n\n' +
        'data: {"type":"generation_end","id":"g1"}\n\n' +
        'data: {"type":"generation_start","id":"g2","model":"m"}\n\n' +
        'data: {"type":"generation_end","id":"g3"}\n\n' +
        "data: [DONE]\n\n",
    );
    expect(events.filter((e) => e.type === "metadata")).toEqual([
      { type: "metadata", id: "g1", model: "m" },
      { type: "metadata", id: "g2" },
      { type: "metadata", id: "g3" },
    ]);
  });

  it("reports JSON that is not an Elumenta event, and goes on", () => {
    expect(
      decode(
        "data: {not json\n\n" +
          "data: [1,2]\n\n" +
          'data: {"delta":"no type"}\n\n' +
          'data: {"type":"content_delta"}\n\n' +
          'data: {"type":"content_delta","delta":"after"}\n\n' +
          "data: [DONE]\n\n",
      ).map((e) => (e.type === "error" ? e.code : e.type)),
    ).toEqual([
      "invalid-json",
      "invalid-event",
      "invalid-event",
      "invalid-event",
      "text-delta",
      "end",
    ]);
  });

  it("reads an error carrying one of our codes back with that code", () => {
    expect(
      decode(
        'data: {"type":"error","code":"cut-off","message":"ended early","trace":1}\n\ndata: [DONE]\n\n',
      ),
    ).toEqual([
      { type: "error", code: "cut-off", message: "ended early" },
      { type: "extra", dialect: "elumenta", scope: "response", fields: { trace: 1 } },
      { type: "end", reason: "cut-off" },
    ]);
  });

  it("keeps an error code that is not ours inside the provider's error", () => {
    expect(decode('data: {"type":"error","code":"quota","message":"no"}\n\n')[0]).toEqual({
      type: "error",
      code: "provider-error",
      message: "no",
      data: { type: "error", code: "quota", message: "no" },
      dialect: "elumenta",
    });
  });

  it("keeps messages with an SSE event name whole, since Elumenta sends none", () => {
    expect(
      decode('event: ping\ndata: {"t":1}\n\nevent: note\ndata: plain text\n\n').slice(0, 2),
    ).toEqual([
      { type: "unknown", dialect: "elumenta", event: "ping", data: { t: 1 } },
      { type: "unknown", dialect: "elumenta", event: "note", data: "plain text" },
    ]);
  });

  it("keeps a named field of the wrong type as extra instead of dropping it", () => {
    expect(decode('data: {"type":"generation_start","id":7,"model":"m"}\n\n').slice(0, 3)).toEqual([
      { type: "metadata", model: "m" },
      { type: "role", choice: 0, role: "assistant" },
      { type: "extra", dialect: "elumenta", scope: "response", fields: { id: 7 } },
    ]);
  });
});
