import {
  createStreamEncoder,
  type Drop,
  decodeAll,
  encodeAll,
  type StreamEvent,
} from "@sse-dialects/core";
import { checkEventsRoundTrip } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { elumenta } from "./elumenta-dialect.js";
import { arbitraryElumentaEvents } from "./test-support/arbitrary-elumenta-events.js";

/** Encodes events one batch at a time (a flush after each), as the streaming pipelines do. */
function encodeBatches(batches: StreamEvent[][], options = {}): string[] {
  const out: string[] = [];
  let text = "";
  const encoder = createStreamEncoder(
    elumenta,
    (t) => {
      text += t;
    },
    { dialect: options },
  );
  for (const batch of batches) {
    for (const event of batch) encoder.push(event);
    encoder.flush();
    out.push(text);
    text = "";
  }
  encoder.close();
  out.push(text);
  return out;
}

const textDelta = (text: string): StreamEvent => ({ type: "text-delta", choice: 0, text });
const sse = (object: object) => `data: ${JSON.stringify(object)}\n\n`;

describe("ElumentaEncoder", () => {
  it("round-trips every event sequence the decoder produces (events first)", () => {
    checkEventsRoundTrip(elumenta, arbitraryElumentaEvents, { numRuns: 500 });
  });

  it("writes the documented wire format", () => {
    expect(
      encodeAll(
        [
          { type: "metadata", id: "g1", model: "gpt-5" },
          { type: "role", choice: 0, role: "assistant" },
          { type: "text-delta", choice: 0, text: "Here" },
          { type: "finish", choice: 0, reason: "stop", raw: "generation_end" },
          { type: "usage", billing: { tokens_used: 3, balance_remaining: 297 } },
          { type: "end", reason: "done" },
        ],
        elumenta,
      ),
    ).toBe(
      'data: {"type":"generation_start","id":"g1","model":"gpt-5"}\n\n' +
        'data: {"type":"content_delta","delta":"Here"}\n\n' +
        'data: {"type":"generation_end","id":"g1","tokens_used":3,"balance_remaining":297}\n\n' +
        "data: [DONE]\n\n",
    );
  });

  it("writes generation_start as soon as metadata is known, never holding it across a flush", () => {
    const [first, second] = encodeBatches([
      [{ type: "metadata", id: "g1", model: "m" }],
      [
        { type: "role", choice: 0, role: "assistant" },
        { type: "text-delta", choice: 0, text: "a" },
      ],
    ]);
    expect(first).toBe('data: {"type":"generation_start","id":"g1","model":"m"}\n\n');
    // The role belongs to that start: no second generation_start.
    expect(second).toBe('data: {"type":"content_delta","delta":"a"}\n\n');
  });

  it("writes each delta as JSON.stringify writes its object, every batch whole messages", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "binary", minLength: 1 }), { maxLength: 5 }), {
          maxLength: 6,
        }),
        (batches) => {
          const out = encodeBatches(batches.map((texts) => texts.map((text) => textDelta(text))));
          batches.forEach((texts, i) => {
            expect(out[i]).toBe(
              texts.map((delta) => sse({ type: "content_delta", delta })).join(""),
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("puts extra fields on the delta they came with, in their order", () => {
    const [batch] = encodeBatches([
      [
        textDelta('say "hi"\n'),
        { type: "extra", scope: "response", dialect: "elumenta", fields: { seq: 1, tag: "a" } },
        textDelta("next"),
        // A field the delta names already cannot join it (reported to onDrop, not written).
        textDelta("x"),
        { type: "extra", scope: "response", dialect: "elumenta", fields: { delta: "y" } },
        textDelta("last"),
      ],
    ]);
    expect(batch).toBe(
      sse({ type: "content_delta", delta: 'say "hi"\n', seq: 1, tag: "a" }) +
        sse({ type: "content_delta", delta: "next" }) +
        sse({ type: "content_delta", delta: "x" }) +
        sse({ type: "content_delta", delta: "last" }),
    );
  });

  it("joins usage that arrives with the finish, and repeats generation_end for usage that comes later", () => {
    const [joined] = encodeBatches([
      [
        { type: "finish", choice: 0, reason: "stop", raw: "stop" },
        { type: "usage", billing: { tokens_used: 5 } },
      ],
    ]);
    expect(joined).toBe('data: {"type":"generation_end","tokens_used":5}\n\n');
    const [finish, usage] = encodeBatches([
      [{ type: "finish", choice: 0, reason: "stop", raw: "stop" }],
      [{ type: "usage", billing: { balance_remaining: 9 } }],
    ]);
    expect(finish).toBe('data: {"type":"generation_end"}\n\n');
    expect(usage).toBe('data: {"type":"generation_end","balance_remaining":9}\n\n');
  });

  it("writes errors we synthesised with their code, so it survives the round trip", () => {
    const wire = encodeAll(
      [
        { type: "text-delta", choice: 0, text: "par" },
        { type: "error", code: "cut-off", message: "The stream ended early" },
        { type: "end", reason: "cut-off" },
      ],
      elumenta,
    );
    expect(wire).toContain(
      'data: {"type":"error","code":"cut-off","message":"The stream ended early"}',
    );
    expect(decodeAll(wire, elumenta).slice(-2)).toEqual([
      { type: "error", code: "cut-off", message: "The stream ended early" },
      { type: "end", reason: "cut-off" },
    ]);
  });

  it("writes another dialect's provider error as an Elumenta error, keeping its data", () => {
    const wire = encodeAll(
      [{ type: "error", code: "provider-error", message: "overloaded", data: { code: 529 } }],
      elumenta,
    );
    expect(wire).toBe(
      'data: {"type":"error","message":"overloaded","data":{"code":529}}\n\ndata: [DONE]\n\n',
    );
  });

  it("does not let a provider's error that carries one of our codes pass for ours", () => {
    const event = {
      type: "error",
      code: "provider-error",
      message: "slow",
      data: { type: "error", code: "timeout", message: "slow" },
    } as const;
    const [decoded] = decodeAll(encodeAll([event], elumenta), elumenta);
    expect(decoded).toMatchObject({ type: "error", code: "provider-error", message: "slow" });
  });

  describe("what Elumenta cannot express", () => {
    const rich: StreamEvent[] = [
      { type: "metadata", id: "c1", model: "m", created: 1, systemFingerprint: "fp" },
      { type: "role", choice: 0, role: "assistant" },
      { type: "reasoning-delta", choice: 0, text: "thinking" },
      { type: "text-delta", choice: 0, text: "Hi" },
      { type: "text-delta", choice: 1, text: "other choice" },
      { type: "tool-call-start", choice: 0, index: 0, id: "call_1", name: "f" },
      { type: "tool-call-delta", choice: 0, index: 0, delta: "{}" },
      { type: "tool-call-end", choice: 0, index: 0 },
      { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_calls" },
      { type: "usage", promptTokens: 1, completionTokens: 2, totalTokens: 3 },
      { type: "receipt", id: "rec_1" },
      { type: "end", reason: "done" },
    ];

    const EXPECTED_DROPS = [
      "metadata: Elumenta cannot express metadata created/systemFingerprint/serviceTier",
      "reasoning-delta: Elumenta cannot express reasoning-delta",
      "text-delta: Elumenta cannot express choices other than 0",
      "tool-call-start: Elumenta cannot express tool-call-start",
      "tool-call-delta: Elumenta cannot express tool-call-delta",
      "tool-call-end: Elumenta cannot express tool-call-end",
      "finish: Elumenta cannot express finish reason tool_calls",
      "usage: Elumenta cannot express usage fields other than billing tokens_used/balance_remaining",
      "receipt: Elumenta cannot express receipt",
    ];

    it("is reported to onDrop, event by event, and written as the events say", () => {
      const drops: Drop[] = [];
      const wire = encodeAll(rich, elumenta, { onDrop: (drop) => drops.push(drop) });
      expect(drops.map((d) => `${d.event.type}: ${d.reason}`)).toEqual(EXPECTED_DROPS);
      expect(drops.every((d) => d.target === "elumenta")).toBe(true);
      expect(wire).not.toMatch(/^:/m);
      expect(decodeAll(wire, elumenta)).toEqual([
        { type: "metadata", id: "c1", model: "m" },
        { type: "role", choice: 0, role: "assistant" },
        { type: "text-delta", choice: 0, text: "Hi" },
        { type: "finish", choice: 0, reason: "stop", raw: "generation_end" },
        { type: "end", reason: "done" },
      ]);
    });

    it("with dropComments, writes each kind of drop once as an SSE comment", () => {
      const wire = encodeAll(rich, elumenta, { dropComments: true });
      const comments = decodeAll(wire, elumenta)
        .filter((e) => e.type === "comment")
        .map((e) => (e.type === "comment" ? e.text : ""));
      expect(comments).toEqual(
        [...new Set(EXPECTED_DROPS)].map((d) => `sse-dialects: dropped ${d}`),
      );
    });
  });
});
