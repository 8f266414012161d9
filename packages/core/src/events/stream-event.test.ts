import { describe, expect, it } from "vitest";
import { parseStreamEvent, streamEventSchema } from "./stream-event.js";

describe("the event model", () => {
  it("accepts every kind of event", () => {
    const events = [
      {
        type: "metadata",
        id: "x",
        model: "m",
        created: 1,
        systemFingerprint: "fp",
        serviceTier: "default",
      },
      { type: "role", choice: 0, role: "assistant" },
      { type: "text-delta", choice: 0, text: "a" },
      { type: "reasoning-delta", choice: 0, text: "a" },
      { type: "reasoning-signature", choice: 0, signature: "sig" },
      { type: "reasoning-redacted", choice: 0, data: "enc" },
      { type: "refusal-delta", choice: 0, text: "no" },
      { type: "tool-call-start", choice: 0, index: 0, id: "c", name: "f" },
      { type: "tool-call-delta", choice: 0, index: 0, delta: "{" },
      { type: "tool-call-end", choice: 0, index: 0 },
      { type: "logprobs", choice: 0, logprobs: { content: [] } },
      { type: "finish", choice: 0, reason: "stop", raw: "end_turn" },
      {
        type: "usage",
        promptTokens: 1,
        cachedTokens: 0,
        billing: { cost: 0.1 },
        extra: { x: [1] },
      },
      { type: "receipt", id: "rec" },
      { type: "extra", dialect: "openai", scope: "choice", choice: 0, fields: { a: null } },
      { type: "unknown", dialect: "anthropic", event: "ping", data: {} },
      { type: "comment", text: "hi" },
      { type: "error", code: "provider-error", message: "m", data: { type: "overloaded" } },
      { type: "end", reason: "done" },
    ];
    for (const event of events) expect(parseStreamEvent(event)).toEqual(event);
  });

  it("rejects unknown types, unknown codes and stray fields, naming the problem", () => {
    expect(streamEventSchema.safeParse({ type: "text", text: "a" }).success).toBe(false);
    expect(streamEventSchema.safeParse({ type: "error", code: "oops", message: "m" }).success).toBe(
      false,
    );
    expect(
      streamEventSchema.safeParse({ type: "text-delta", choice: 0, text: "a", extra: 1 }).success,
    ).toBe(false);
    expect(streamEventSchema.safeParse({ type: "text-delta", choice: -1, text: "a" }).success).toBe(
      false,
    );
  });
});
