import Anthropic from "@anthropic-ai/sdk";
import { captureRequest, conversationOf } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { anthropicRequests } from "./anthropic-requests.js";

/*
 * What the official `@anthropic-ai/sdk` really sends, read by `parse`: a system prompt, a
 * two-turn history with a tool call and its result, one tool and a user message.
 */
describe("anthropic requests: what the official SDK sends", () => {
  it("parses messages.create from @anthropic-ai/sdk, and builds it back the same", async () => {
    const sent = await captureRequest((root) =>
      new Anthropic({ baseURL: root, apiKey: "k", maxRetries: 0 }).messages.create({
        model: "claude-sonnet-4-5",
        max_tokens: 256,
        system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
        messages: [
          { role: "user", content: "Weather in Paris?" },
          {
            role: "assistant",
            content: [
              { type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Paris" } },
            ],
          },
          {
            role: "user",
            content: [
              { type: "tool_result", tool_use_id: "toolu_1", content: "18°C" },
              { type: "text", text: "And tomorrow?" },
            ],
          },
        ],
        tools: [
          {
            name: "weather",
            description: "Weather of a city",
            input_schema: { type: "object", properties: { city: { type: "string" } } },
          },
        ],
        stream: true,
      }),
    );
    expect(sent.path).toBe("/v1/messages");
    const request = anthropicRequests.parse(sent.body, {});
    expect(conversationOf(request)).toEqual({
      instructions: "Be brief.",
      turns: [
        { role: "user", items: [["text", "Weather in Paris?"]] },
        { role: "assistant", items: [["call", "weather", { city: "Paris" }]] },
        {
          role: "user",
          items: [
            ["result", "weather", "18°C"],
            ["text", "And tomorrow?"],
          ],
        },
      ],
    });
    expect(request.maxTokens).toBe(256);
    expect(request.stream).toBe(true);
    const built = anthropicRequests.build(request, {
      baseUrl: "https://api.anthropic.com",
      model: "claude-sonnet-4-5",
    });
    expect(built.body).toEqual(sent.body);
  });
});
