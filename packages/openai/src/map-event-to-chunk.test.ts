import { decodeAll, type StreamEvent } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { loadFixture } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import type { ChatCompletionChunk } from "./chat-completion-types.js";
import { ChunkMapper } from "./map-event-to-chunk.js";

function mapAll(events: StreamEvent[]): ChatCompletionChunk[] {
  const mapper = new ChunkMapper();
  return events.flatMap((event) => mapper.map(event) ?? []);
}

describe("ChunkMapper", () => {
  it("gives back the chunks of an OpenAI stream, field for field where OpenAI sent them", () => {
    const fixture = loadFixture("openai", "text-with-usage-chunk");
    const chunks = mapAll(decodeAll(fixture.bytes, openai));
    expect(chunks.map((c) => c.choices[0]?.delta ?? null)).toEqual([
      { role: "assistant" },
      { content: "Hello" },
      { content: ", wörld! 👋" },
      { content: "\nHow can I help?" },
      {},
      null,
    ]);
    expect(chunks[0]).toMatchObject({
      id: "chatcmpl-A1b2C3d4E5f6G7h8",
      object: "chat.completion.chunk",
      created: 1735689600,
      model: "gpt-4o-mini-2024-07-18",
      system_fingerprint: "fp_0ba0d124f1",
      service_tier: "default",
    });
    expect(chunks[4]?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks[5]?.usage).toMatchObject({
      prompt_tokens: 19,
      completion_tokens: 10,
      total_tokens: 29,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    });
  });

  it("maps reasoning, refusal, tool calls and logprobs to their OpenAI delta fields", () => {
    const chunks = mapAll([
      { type: "reasoning-delta", choice: 0, text: "think" },
      { type: "refusal-delta", choice: 1, text: "no" },
      { type: "tool-call-start", choice: 0, index: 1, id: "call_1", name: "f" },
      { type: "tool-call-delta", choice: 0, index: 1, delta: '{"a"' },
      { type: "tool-call-end", choice: 0, index: 1 },
      { type: "logprobs", choice: 0, logprobs: { content: [] } },
      { type: "finish", choice: 0, reason: "stop", raw: "end_turn" },
      { type: "usage", promptTokens: 5 },
      { type: "usage", completionTokens: 7, billing: { cost: 0.1 } },
      { type: "receipt", id: "rec_1" },
    ]);
    expect(chunks.map((c) => c.choices[0])).toEqual([
      { index: 0, delta: { reasoning_content: "think" }, finish_reason: null },
      { index: 1, delta: { refusal: "no" }, finish_reason: null },
      {
        index: 0,
        delta: {
          tool_calls: [
            { index: 1, id: "call_1", type: "function", function: { name: "f", arguments: "" } },
          ],
        },
        finish_reason: null,
      },
      {
        index: 0,
        delta: { tool_calls: [{ index: 1, function: { arguments: '{"a"' } }] },
        finish_reason: null,
      },
      { index: 0, delta: {}, logprobs: { content: [] }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: "stop" },
      undefined,
      undefined,
    ]);
    // Each usage chunk carries the total so far, as OpenAI clients keep only the last.
    expect(chunks[7]?.usage).toEqual({ prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 });
    expect(chunks[7]?.billing).toEqual({ cost: 0.1 });
  });
});
