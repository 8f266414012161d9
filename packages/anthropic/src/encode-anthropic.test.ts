import { type Drop, decodeAll, encodeAll, type StreamEvent } from "@sse-dialects/core";
import { describe, expect, it } from "vitest";
import { anthropic } from "./anthropic-dialect.js";
import { anthropicWireProblems } from "./test-support/check-anthropic-wire.js";

/** The events of a wire, one `[name, data]` per SSE event. */
function wireEvents(wire: string): [string, Record<string, unknown>][] {
  return wire
    .split("\n\n")
    .filter((block) => block.startsWith("event: "))
    .map((block) => {
      const [name, data] = block.split("\n");
      return [name!.slice(7), JSON.parse(data!.slice(6)) as Record<string, unknown>];
    });
}

function encode(events: StreamEvent[]): { wire: string; drops: Drop[] } {
  const drops: Drop[] = [];
  const wire = encodeAll(events, anthropic, { onDrop: (d) => drops.push(d) });
  expect(anthropicWireProblems(wire)).toEqual([]);
  return { wire, drops };
}

const start: StreamEvent[] = [
  { type: "metadata", id: "chatcmpl-1", model: "gpt-test" },
  { type: "role", choice: 0, role: "assistant" },
];

describe("the Anthropic encoder: pitfalls other gateways shipped", () => {
  it("gives interleaved parallel tool calls one block each, in order, nothing lost", () => {
    const { wire } = encode([
      ...start,
      { type: "tool-call-start", choice: 0, index: 0, id: "call_a", name: "get_weather" },
      { type: "tool-call-delta", choice: 0, index: 0, delta: '{"city":"Par' },
      { type: "tool-call-start", choice: 0, index: 1, id: "call_b", name: "search" },
      { type: "tool-call-delta", choice: 0, index: 1, delta: '{"q":"x"}' },
      { type: "tool-call-delta", choice: 0, index: 0, delta: 'is"}' },
      { type: "tool-call-end", choice: 0, index: 0 },
      { type: "tool-call-end", choice: 0, index: 1 },
      { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_calls" },
      { type: "end", reason: "done" },
    ]);
    const starts = wireEvents(wire).filter(([name]) => name === "content_block_start");
    expect(starts.map(([, d]) => [d.index, (d.content_block as { id: string }).id])).toEqual([
      [0, "call_a"],
      [1, "call_b"],
    ]);
    const calls = decodeAll(wire, anthropic).filter((e) => e.type === "tool-call-delta");
    expect(calls.map((e) => [e.index, e.delta])).toEqual([
      [0, '{"city":"Par'],
      [0, 'is"}'],
      [1, '{"q":"x"}'],
    ]);
  });

  it("says tool_use when the message has a tool call, whatever the source said (Ollama, Gemini)", () => {
    const { wire } = encode([
      ...start,
      { type: "tool-call-start", choice: 0, index: 0, name: "get_weather" },
      { type: "tool-call-delta", choice: 0, index: 0, delta: '{"city":"Paris"}' },
      { type: "tool-call-end", choice: 0, index: 0 },
      { type: "finish", choice: 0, reason: "stop", raw: "STOP" },
      { type: "end", reason: "done" },
    ]);
    const delta = wireEvents(wire).find(([name]) => name === "message_delta")![1];
    expect(delta.delta).toEqual({ stop_reason: "tool_use", stop_sequence: null });
    // A call without an id gets the stable one core gives it.
    expect(wire).toContain('"id":"call_0_0"');
  });

  it("writes a call's whole arguments as one fragment, and no fragment for none (input {})", () => {
    const { wire } = encode([
      ...start,
      { type: "tool-call-start", choice: 0, index: 0, id: "a", name: "whole" },
      { type: "tool-call-delta", choice: 0, index: 0, delta: '{"x":1}' },
      { type: "tool-call-end", choice: 0, index: 0 },
      { type: "tool-call-start", choice: 0, index: 1, id: "b", name: "none" },
      { type: "tool-call-end", choice: 0, index: 1 },
      { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_calls" },
      { type: "end", reason: "done" },
    ]);
    const fragments = wireEvents(wire)
      .filter(([name]) => name === "content_block_delta")
      .map(([, d]) => [d.index, (d.delta as { partial_json: string }).partial_json]);
    expect(fragments).toEqual([[0, '{"x":1}']]);
  });

  it("writes no input_json_delta for text that comes with an empty tool-call list", () => {
    const { wire } = encode([
      ...start,
      { type: "text-delta", choice: 0, text: "Hello" },
      { type: "finish", choice: 0, reason: "stop", raw: "stop" },
      { type: "end", reason: "done" },
    ]);
    expect(wire).not.toContain("input_json_delta");
    expect(wire).toContain('"text_delta","text":"Hello"');
  });

  it("puts the known input and cache counts in message_start, and the complete usage in message_delta", () => {
    const { wire } = encode([
      ...start,
      { type: "usage", promptTokens: 120, cachedTokens: 100, cacheWriteTokens: 15 },
      { type: "text-delta", choice: 0, text: "Hi" },
      { type: "finish", choice: 0, reason: "stop", raw: "end_turn" },
      { type: "usage", completionTokens: 7, reasoningTokens: 3 },
      { type: "end", reason: "done" },
    ]);
    const events = wireEvents(wire);
    const message = events[0]![1].message as { usage: unknown };
    expect(message.usage).toEqual({
      input_tokens: 5,
      cache_creation_input_tokens: 15,
      cache_read_input_tokens: 100,
      output_tokens: 0,
    });
    expect(events.find(([name]) => name === "message_delta")![1].usage).toEqual({
      input_tokens: 5,
      cache_creation_input_tokens: 15,
      cache_read_input_tokens: 100,
      output_tokens: 7,
      output_tokens_details: { thinking_tokens: 3 },
    });
  });

  it("keeps each signature with its thinking block, and writes a signature-only block", () => {
    const { wire } = encode([
      ...start,
      { type: "reasoning-delta", choice: 0, part: 0, text: "Think." },
      { type: "reasoning-signature", choice: 0, part: 0, signature: "sig-A" },
      { type: "reasoning-signature", choice: 0, part: 1, signature: "sig-B" },
      { type: "text-delta", choice: 0, part: 2, text: "Answer" },
      { type: "finish", choice: 0, reason: "stop", raw: "end_turn" },
      { type: "end", reason: "done" },
    ]);
    const signatures = wireEvents(wire)
      .filter(([, d]) => (d.delta as { type?: string } | undefined)?.type === "signature_delta")
      .map(([, d]) => [d.index, (d.delta as { signature: string }).signature]);
    expect(signatures).toEqual([
      [0, "sig-A"],
      [1, "sig-B"],
    ]);
  });

  it("closes every block and ends with message_delta and message_stop, even without a finish", () => {
    const { wire } = encode([...start, { type: "text-delta", choice: 0, text: "x" }]);
    expect(wireEvents(wire).map(([name]) => name)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
  });

  it("turns a cut-off into Anthropic's error event after closing the open text block", () => {
    const { wire } = encode([
      ...start,
      { type: "text-delta", choice: 0, text: "partial" },
      { type: "error", code: "cut-off", message: "The stream ended early" },
      { type: "end", reason: "cut-off" },
    ]);
    const events = wireEvents(wire);
    expect(events.map(([name]) => name).slice(-2)).toEqual(["content_block_stop", "error"]);
    expect(events.at(-1)![1]).toEqual({
      type: "error",
      error: { type: "api_error", message: "The stream ended early", code: "cut-off" },
    });
    // It reads back with its code, and the stream ends as it did.
    const back = decodeAll(wire, anthropic);
    expect(back.slice(-2)).toEqual([
      { type: "error", code: "cut-off", message: "The stream ended early" },
      { type: "end", reason: "cut-off" },
    ]);
  });

  it("reports what Anthropic cannot express instead of writing it", () => {
    const { wire, drops } = encode([
      ...start,
      { type: "text-delta", choice: 1, text: "second choice" },
      { type: "logprobs", choice: 0, logprobs: { content: [] } },
      { type: "unknown", dialect: "openai", data: { receipt_id: "r" } },
      { type: "extra", dialect: "openai", scope: "response", fields: { x_groq: {} } },
      { type: "usage", promptTokens: 1, completionTokens: 2, totalTokens: 3, billing: { cost: 1 } },
      { type: "finish", choice: 0, reason: "stop", raw: "stop" },
      { type: "end", reason: "done" },
    ]);
    expect(wire).not.toContain("second choice");
    expect(wire).not.toContain("receipt_id");
    expect(wire).not.toContain("x_groq");
    expect(drops.map((d) => d.event.type)).toEqual([
      "text-delta",
      "logprobs",
      "unknown",
      "extra",
      "usage",
      "usage",
    ]);
  });
});
