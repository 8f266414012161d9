import { captureRequest, conversationOf } from "@sse-dialects/testkit";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { openaiRequests } from "./openai-requests.js";

/*
 * What the official `openai` SDK really sends, read by `parse`: a system prompt, a two-turn
 * history with a tool call and its result, one tool and a user message.
 */
describe("openai requests: what the official SDK sends", () => {
  it("parses chat.completions.create from the openai SDK, and builds it back the same", async () => {
    const sent = await captureRequest((root) =>
      new OpenAI({ baseURL: root, apiKey: "k", maxRetries: 0 }).chat.completions.create({
        model: "gpt-4o",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather in Paris?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "weather", arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "18°C" },
          { role: "user", content: "And tomorrow?" },
        ],
        tools: [
          {
            type: "function",
            function: {
              name: "weather",
              description: "Weather of a city",
              parameters: { type: "object", properties: { city: { type: "string" } } },
            },
          },
        ],
        max_completion_tokens: 256,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(sent.path).toBe("/chat/completions");
    const request = openaiRequests.parse(sent.body, {});
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
    const built = openaiRequests.build(request, {
      baseUrl: "https://api.openai.com/v1",
      model: "gpt-4o",
    });
    // The assistant's `content: null` is left out: the same message to the API.
    const messages = (sent.body.messages as { content?: unknown }[]).map((message) => {
      const { content, ...rest } = message;
      return content === null ? rest : message;
    });
    expect(built.body).toEqual({ ...sent.body, messages });
  });
});
