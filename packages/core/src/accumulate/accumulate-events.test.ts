import { describe, expect, it } from "vitest";
import { accumulate } from "./accumulate-events.js";

describe("accumulate", () => {
  it("assembles text, reasoning, refusal, parallel tool calls, finish, usage and receipt per choice", () => {
    const message = accumulate([
      { type: "metadata", id: "r1", model: "m" },
      { type: "role", choice: 0, role: "assistant" },
      { type: "reasoning-delta", choice: 0, text: "think" },
      { type: "text-delta", choice: 0, text: "Hel" },
      { type: "text-delta", choice: 1, text: "Other" },
      { type: "text-delta", choice: 0, text: "lo" },
      { type: "tool-call-start", choice: 0, index: 0, id: "c0", name: "a" },
      { type: "tool-call-start", choice: 0, index: 1, id: "c1", name: "b" },
      { type: "tool-call-delta", choice: 0, index: 1, delta: '{"y":' },
      { type: "tool-call-delta", choice: 0, index: 0, delta: '{"x":1}' },
      { type: "tool-call-delta", choice: 0, index: 1, delta: "2}" },
      { type: "tool-call-end", choice: 0, index: 0 },
      { type: "refusal-delta", choice: 1, text: "no" },
      { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_calls" },
      { type: "usage", promptTokens: 3, billing: { tokens_used: 1 } },
      { type: "usage", completionTokens: 4, billing: { balance_remaining: 9 } },
      { type: "receipt", id: "rec_1" },
      { type: "end", reason: "done" },
    ]);
    expect(message.id).toBe("r1");
    expect(message.choices[0]).toMatchObject({
      role: "assistant",
      text: "Hello",
      reasoning: "think",
      toolCalls: [
        { index: 0, id: "c0", name: "a", arguments: '{"x":1}', complete: true },
        { index: 1, id: "c1", name: "b", arguments: '{"y":2}', complete: false },
      ],
      finish: { reason: "tool_calls", raw: "tool_calls" },
    });
    expect(message.choices[1]).toMatchObject({ index: 1, text: "Other", refusal: "no" });
    expect(message.usage).toEqual({
      promptTokens: 3,
      completionTokens: 4,
      billing: { tokens_used: 1, balance_remaining: 9 },
    });
    expect(message.receiptId).toBe("rec_1");
    expect(message.end).toBe("done");
  });

  it("stores the choices mentioned, by index, without filling gaps", () => {
    const message = accumulate([
      { type: "text-delta", choice: 1_000_000_000, text: "x" },
      { type: "text-delta", choice: 2, text: "y" },
    ]);
    expect(message.choices.map((c) => c.index)).toEqual([2, 1_000_000_000]);
  });

  it("keeps parts apart and in order, each with its own signature", () => {
    const message = accumulate([
      { type: "reasoning-delta", choice: 0, part: 0, text: "think" },
      { type: "reasoning-signature", choice: 0, part: 0, signature: "sig-a" },
      { type: "text-delta", choice: 0, part: 1, text: "Hello" },
      { type: "reasoning-redacted", choice: 0, part: 2, data: "opaque" },
      { type: "text-delta", choice: 0, part: 3, text: " world" },
      { type: "tool-call-start", choice: 0, index: 0, name: "f" },
      { type: "extra", dialect: "gemini", scope: "part", choice: 0, part: 3, fields: { s: 1 } },
    ]);
    const choice = message.choices[0]!;
    expect(choice.text).toBe("Hello world");
    expect(choice.parts.map((p) => p.type)).toEqual([
      "reasoning",
      "text",
      "reasoning",
      "text",
      "tool-call",
    ]);
    expect(choice.parts[0]).toMatchObject({ text: "think", signature: "sig-a" });
    expect(choice.parts[2]).toMatchObject({ redacted: "opaque", signature: undefined });
    expect(choice.parts[3]).toMatchObject({ text: " world", extra: { gemini: { s: 1 } } });
    expect(choice.toolCalls[0]?.id).toBeUndefined();
  });

  it("gives a part the provider data announced before it began", () => {
    const message = accumulate([
      {
        type: "extra",
        dialect: "responses",
        scope: "part",
        choice: 0,
        part: 0,
        fields: { id: "rs_1" },
      },
      { type: "reasoning-delta", choice: 0, part: 0, text: "why" },
      { type: "text-delta", choice: 0, part: 1, text: "Hi" },
    ]);
    expect(message.choices[0]?.parts).toMatchObject([
      { type: "reasoning", text: "why", extra: { responses: { id: "rs_1" } } },
      { type: "text", text: "Hi", extra: undefined },
    ]);
  });

  it("keeps __proto__ keys of provider data as data", () => {
    const fields = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    const message = accumulate([{ type: "extra", dialect: "openai", scope: "response", fields }]);
    const own = message.extra.openai!;
    expect(Object.keys(own)).toEqual(["__proto__", "a"]);
    expect((own as Record<string, unknown>).polluted).toBeUndefined();
  });
});
