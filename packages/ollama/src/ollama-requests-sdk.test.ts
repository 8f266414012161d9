import { captureRequest, conversationOf } from "@sse-dialects/testkit";
import { Ollama } from "ollama";
import { describe, expect, it } from "vitest";
import { ollamaRequests } from "./ollama-requests.js";

/*
 * What the official `ollama` client really sends, read by `parse`: a system prompt, a two-turn
 * history with a tool call and its result, one tool and a user message.
 */
describe("ollama requests: what the official client sends", () => {
  it("parses chat from the ollama client, and builds it back the same", async () => {
    const sent = await captureRequest((root) =>
      new Ollama({ host: root }).chat({
        model: "llama3.2",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather in Paris?" },
          {
            role: "assistant",
            content: "",
            tool_calls: [{ function: { name: "weather", arguments: { city: "Paris" } } }],
          },
          { role: "tool", content: "18°C", tool_name: "weather" },
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
        options: { num_predict: 256 },
        stream: true,
      }),
    );
    expect(sent.path).toBe("/api/chat");
    const request = ollamaRequests.parse(sent.body, {});
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
    const built = ollamaRequests.build(request, {
      baseUrl: "http://localhost:11434",
      model: "llama3.2",
    });
    expect(built.body).toEqual(sent.body);
  });
});
