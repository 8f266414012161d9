import { captureRequest, conversationOf } from "@sse-dialects/testkit";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { responsesRequests } from "./responses-requests.js";

/*
 * What the official `openai` SDK's `responses.create` really sends, read by `parse`:
 * instructions, a two-turn history with a function call and its output, one tool and a user
 * message.
 */
describe("responses requests: what the official SDK sends", () => {
  it("parses responses.create from the openai SDK, and builds it back the same", async () => {
    const sent = await captureRequest((root) =>
      new OpenAI({ baseURL: root, apiKey: "k", maxRetries: 0 }).responses.create({
        model: "gpt-5",
        instructions: "Be brief.",
        input: [
          { role: "user", content: "Weather in Paris?" },
          {
            type: "function_call",
            call_id: "call_1",
            name: "weather",
            arguments: '{"city":"Paris"}',
          },
          { type: "function_call_output", call_id: "call_1", output: "18°C" },
          { role: "user", content: "And tomorrow?" },
        ],
        tools: [
          {
            type: "function",
            name: "weather",
            description: "Weather of a city",
            parameters: { type: "object", properties: { city: { type: "string" } } },
            strict: false,
          },
        ],
        max_output_tokens: 256,
        stream: true,
      }),
    );
    expect(sent.path).toBe("/responses");
    const request = responsesRequests.parse(sent.body, {});
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
    const built = responsesRequests.build(request, {
      baseUrl: "https://api.openai.com/v1",
      model: "gpt-5",
    });
    expect(built.body).toEqual(sent.body);
  });
});
