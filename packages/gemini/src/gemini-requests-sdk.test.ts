import { GoogleGenAI } from "@google/genai";
import { captureRequest, conversationOf } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { geminiRequests } from "./gemini-requests.js";

/*
 * What the official `@google/genai` SDK really sends, read by `parse` (the model and streaming
 * from the URL): a system instruction, a two-turn history with a function call and its
 * response, one tool and a user message.
 */
describe("gemini requests: what the official SDK sends", () => {
  it("parses generateContentStream from @google/genai, and builds it back the same", async () => {
    const sent = await captureRequest(async (root) => {
      const client = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: root } });
      const stream = await client.models.generateContentStream({
        model: "gemini-2.5-flash",
        contents: [
          { role: "user", parts: [{ text: "Weather in Paris?" }] },
          {
            role: "model",
            parts: [{ functionCall: { name: "weather", args: { city: "Paris" } } }],
          },
          {
            role: "user",
            parts: [{ functionResponse: { name: "weather", response: { output: "18°C" } } }],
          },
          { role: "user", parts: [{ text: "And tomorrow?" }] },
        ],
        config: {
          systemInstruction: "Be brief.",
          maxOutputTokens: 256,
          tools: [
            {
              functionDeclarations: [
                {
                  name: "weather",
                  description: "Weather of a city",
                  parametersJsonSchema: {
                    type: "object",
                    properties: { city: { type: "string" } },
                  },
                },
              ],
            },
          ],
        },
      });
      for await (const _ of stream) {
        // Drained only to send.
      }
    });
    const path = /^\/v1beta\/models\/([^:]+):(\w+)\?alt=sse$/.exec(sent.path);
    expect(path?.slice(1)).toEqual(["gemini-2.5-flash", "streamGenerateContent"]);
    const request = geminiRequests.parse(sent.body, { model: path![1]!, stream: true });
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
    const built = geminiRequests.build(request, {
      baseUrl: "https://generativelanguage.googleapis.com",
      model: "gemini-2.5-flash",
    });
    expect(built.body).toEqual(sent.body);
  });
});
