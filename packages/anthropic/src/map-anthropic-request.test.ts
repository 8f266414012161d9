import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_TOKENS, mapAnthropicRequest } from "./map-anthropic-request.js";

describe("mapAnthropicRequest", () => {
  it("moves system messages to `system`, tool calls and results to blocks, and asks to stream", () => {
    const { url, body } = mapAnthropicRequest(
      {
        model: "claude-sonnet-4-5",
        n: 2,
        logprobs: true,
        stop: "###",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: [{ type: "text", text: "Weather?" }] },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "call_1", type: "function", function: { name: "w", arguments: '{"c":"P"}' } },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "sunny" },
        ],
        tools: [{ type: "function", function: { name: "w", parameters: { type: "object" } } }],
        tool_choice: "required",
      },
      "https://api.anthropic.com/v1/chat/completions",
      false,
    );
    expect(url).toBe("https://api.anthropic.com/v1/messages");
    expect(body).toEqual({
      model: "claude-sonnet-4-5",
      system: "Be brief.",
      messages: [
        { role: "user", content: "Weather?" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "call_1", name: "w", input: { c: "P" } }],
        },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "call_1", content: "sunny" }],
        },
      ],
      max_tokens: DEFAULT_MAX_TOKENS,
      stop_sequences: ["###"],
      tools: [{ name: "w", input_schema: { type: "object" } }],
      tool_choice: { type: "any" },
      stream: true,
    });
  });
});
