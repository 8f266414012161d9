import { accumulate, type ChatRequest, decodeAll, type JsonObject } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { checkRequestRoundTrip, expectRequestError } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { gemini } from "./gemini-dialect.js";
import { geminiRequests } from "./gemini-requests.js";

const upstream = {
  baseUrl: "https://generativelanguage.googleapis.com",
  model: "gemini-2.5-flash",
};
const route = { model: "gemini-2.5-flash", stream: true };

/** A request as `@google/genai` sends it, using every field the model names. */
const full: JsonObject = {
  contents: [
    {
      role: "user",
      parts: [
        { text: "Weather here?" },
        { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
        { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/a.jpg" } },
        { inlineData: { mimeType: "application/pdf", data: "JVBERi0=" } },
      ],
    },
    {
      role: "model",
      parts: [
        { text: "Thinking about it.", thought: true, thoughtSignature: "c2ln" },
        {
          functionCall: { name: "weather", args: { city: "Paris" } },
          thoughtSignature: "c2lnMg==",
        },
      ],
    },
    { role: "user", parts: [{ functionResponse: { name: "weather", response: { temp: 18 } } }] },
    { role: "user", parts: [{ text: "Thanks" }] },
  ],
  systemInstruction: { parts: [{ text: "Be brief." }] },
  tools: [
    {
      functionDeclarations: [
        {
          name: "weather",
          description: "Weather of a city",
          parametersJsonSchema: { type: "object", properties: { city: { type: "string" } } },
        },
      ],
    },
    { googleSearch: {} },
  ],
  toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["weather"] } },
  generationConfig: {
    maxOutputTokens: 400,
    temperature: 0.3,
    topP: 0.9,
    topK: 20,
    stopSequences: ["END"],
    seed: 3,
    presencePenalty: 0.1,
    frequencyPenalty: 0.2,
    responseMimeType: "application/json",
    responseJsonSchema: { type: "object" },
    thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
    candidateCount: 1,
  },
  safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
};

describe("gemini requests: parse", () => {
  it("reads contents, parts, systemInstruction, tools, toolConfig and generationConfig", () => {
    expect(geminiRequests.parse(full, route)).toEqual({
      model: "gemini-2.5-flash",
      system: [{ type: "text", text: "Be brief." }],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Weather here?" },
            {
              type: "image",
              source: { type: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" },
            },
            {
              type: "image",
              source: { type: "url", url: "https://example.com/a.jpg" },
              extra: { gemini: { fileData: { mimeType: "image/jpeg" } } },
            },
            {
              type: "provider",
              dialect: "gemini",
              part: { inlineData: { mimeType: "application/pdf", data: "JVBERi0=" } },
            },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "Thinking about it.", signature: "c2ln", dialect: "gemini" },
            {
              type: "tool-call",
              name: "weather",
              arguments: '{"city":"Paris"}',
              extra: { gemini: { thoughtSignature: "c2lnMg==" } },
            },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              name: "weather",
              content: [{ type: "text", text: '{"temp":18}' }],
            },
          ],
        },
        { role: "user", content: [{ type: "text", text: "Thanks" }] },
      ],
      tools: [
        {
          type: "function",
          name: "weather",
          description: "Weather of a city",
          parameters: { type: "object", properties: { city: { type: "string" } } },
        },
        { type: "provider", dialect: "gemini", tool: { googleSearch: {} } },
      ],
      toolChoice: { type: "tool", name: "weather" },
      maxTokens: 400,
      temperature: 0.3,
      topP: 0.9,
      topK: 20,
      stop: ["END"],
      seed: 3,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      responseFormat: { type: "json-schema", schema: { type: "object" } },
      reasoning: { budgetTokens: 2048, include: true },
      stream: true,
      extra: {
        gemini: {
          safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
          generationConfig: {
            candidateCount: 1,
            thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
          },
        },
      },
    } satisfies ChatRequest);
  });

  it("takes the model from the URL without its models/ prefix, and streaming from the route", () => {
    const request = geminiRequests.parse(
      { contents: [] },
      { model: "models/gemini-pro", stream: false },
    );
    expect(request).toEqual({ model: "gemini-pro", messages: [], stream: false });
  });

  it("keeps cachedContent apart: it refers to a cache kept by Google", () => {
    const request = geminiRequests.parse(
      { contents: [], cachedContent: "cachedContents/abc" },
      route,
    );
    expect(request.stateful).toEqual({ gemini: { cachedContent: "cachedContents/abc" } });
  });

  it("refuses what it cannot read, naming the field", () => {
    expectRequestError(() => geminiRequests.parse({ contents: [] }, {}), "model");
    expectRequestError(() => geminiRequests.parse({}, route), "contents");
    expectRequestError(
      () => geminiRequests.parse({ contents: [{ role: "assistant", parts: [] }] }, route),
      "contents[0].role",
    );
    expectRequestError(
      () =>
        geminiRequests.parse(
          { contents: [{ role: "model", parts: [{ functionCall: { args: {} } }] }] },
          route,
        ),
      "contents[0].parts[0].functionCall.name",
    );
    expectRequestError(
      () =>
        geminiRequests.parse(
          { contents: [], generationConfig: { thinkingConfig: { thinkingBudget: -5 } } },
          route,
        ),
      "generationConfig.thinkingConfig.thinkingBudget",
    );
  });
});

describe("gemini requests: build", () => {
  it("gives back the body it parsed: nothing is lost in the same dialect", () => {
    const built = geminiRequests.build(geminiRequests.parse(full, route), upstream);
    expect(built.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
    expect(built.dropped).toBeUndefined();
    // The lone function response's content is a user turn again.
    expect(built.body).toEqual(full);
  });

  it("keeps Gemini's parameters and responseSchema forms for Gemini", () => {
    const body: JsonObject = {
      contents: [{ role: "user", parts: [{ text: "x" }] }],
      tools: [{ functionDeclarations: [{ name: "f", parameters: { type: "OBJECT" } }] }],
      generationConfig: {
        responseMimeType: "application/json",
        responseSchema: { type: "OBJECT" },
      },
    };
    expect(geminiRequests.build(geminiRequests.parse(body, route), upstream).body).toEqual(body);
  });

  it("writes an OpenAI conversation: ids kept, results named after their calls and grouped", () => {
    const request: ChatRequest = {
      model: "x",
      messages: [
        { role: "system", content: [{ type: "text", text: "Be kind." }] },
        {
          role: "assistant",
          content: [
            { type: "tool-call", id: "call_a", name: "f", arguments: '{"x":1}' },
            { type: "tool-call", id: "call_b", name: "g", arguments: "" },
          ],
        },
        {
          role: "tool",
          content: [
            { type: "tool-result", id: "call_a", content: [{ type: "text", text: "plain" }] },
          ],
        },
        {
          role: "tool",
          content: [
            { type: "tool-result", id: "call_b", content: [{ type: "text", text: '{"ok":true}' }] },
          ],
        },
        {
          role: "user",
          content: [{ type: "image", source: { type: "url", url: "https://x.test/a.webp" } }],
        },
      ],
      toolChoice: "required",
      parallelToolCalls: false,
      reasoning: { effort: "low" },
      responseFormat: { type: "json" },
      stream: false,
    };
    const built = geminiRequests.build(request, {
      baseUrl: "http://127.0.0.1:9/v1beta",
      model: "models/g",
    });
    expect(built.url).toBe("http://127.0.0.1:9/v1beta/models/g:streamGenerateContent?alt=sse");
    expect(built.body).toEqual({
      contents: [
        {
          role: "model",
          parts: [
            { functionCall: { name: "f", args: { x: 1 }, id: "call_a" } },
            { functionCall: { name: "g", args: {}, id: "call_b" } },
          ],
        },
        {
          role: "user",
          parts: [
            { functionResponse: { name: "f", response: { output: "plain" }, id: "call_a" } },
            { functionResponse: { name: "g", response: { ok: true }, id: "call_b" } },
          ],
        },
        {
          role: "user",
          parts: [{ fileData: { mimeType: "image/webp", fileUri: "https://x.test/a.webp" } }],
        },
      ],
      systemInstruction: { parts: [{ text: "Be kind." }] },
      toolConfig: { functionCallingConfig: { mode: "ANY" } },
      generationConfig: {
        responseMimeType: "application/json",
        thinkingConfig: { thinkingBudget: 1024 },
      },
    });
    expect(built.dropped?.map((drop) => drop.field)).toEqual(["parallelToolCalls"]);
  });

  it("sends a failed call's result as Google's error key, and reads it back", () => {
    const request: ChatRequest = {
      model: "m",
      messages: [
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              name: "f",
              content: [{ type: "text", text: "boom" }],
              isError: true,
            },
          ],
        },
      ],
      stream: true,
    };
    const body = geminiRequests.build(request, upstream).body;
    expect(body.contents).toEqual([
      { role: "user", parts: [{ functionResponse: { name: "f", response: { error: "boom" } } }] },
    ]);
    expect(geminiRequests.parse(body, route).messages).toEqual(request.messages);
  });

  it("refuses a result whose call it cannot name, foreign tools and stateful fields", () => {
    expectRequestError(
      () =>
        geminiRequests.build(
          {
            model: "m",
            messages: [
              { role: "tool", content: [{ type: "tool-result", id: "nope", content: [] }] },
            ],
            stream: true,
          },
          upstream,
        ),
      "messages[0].content[0].id",
    );
    expectRequestError(
      () =>
        geminiRequests.build(
          {
            model: "m",
            messages: [],
            stream: true,
            tools: [{ type: "provider", dialect: "openai", tool: { type: "custom" } }],
          },
          upstream,
        ),
      "tools[0]",
    );
    expectRequestError(
      () =>
        geminiRequests.build(
          {
            model: "m",
            messages: [],
            stream: true,
            stateful: { responses: { conversation: "conv_1" } },
          },
          upstream,
        ),
      "conversation",
    );
  });

  it("keeps what it can express through build then parse (property)", () => {
    checkRequestRoundTrip({
      requests: geminiRequests,
      fields: [
        "maxTokens",
        "temperature",
        "topP",
        "topK",
        "stop",
        "seed",
        "presencePenalty",
        "frequencyPenalty",
      ],
      toolChoice: true,
    });
  });
});

describe("toGenerateContentResponse", () => {
  it("answers a collected Gemini stream in Gemini's non-streaming shape", () => {
    const stream = [
      'data: {"candidates":[{"content":{"parts":[{"text":"Hm.","thought":true}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"r1"}',
      'data: {"candidates":[{"content":{"parts":[{"text":"Sunny","thoughtSignature":"c2ln"}],"role":"model"},"index":0}]}',
      'data: {"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{"a":1}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":3,"totalTokenCount":10,"thoughtsTokenCount":2}}',
    ].join("\r\n\r\n");
    const response = gemini.requests!.toResponse(
      accumulate(decodeAll(`${stream}\r\n\r\n`, gemini)),
    );
    expect(response).toEqual({
      candidates: [
        {
          content: {
            role: "model",
            parts: [
              { text: "Hm.", thought: true },
              { text: "Sunny", thoughtSignature: "c2ln" },
              { functionCall: { name: "f", args: { a: 1 } } },
            ],
          },
          finishReason: "STOP",
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 5,
        candidatesTokenCount: 3,
        totalTokenCount: 10,
        thoughtsTokenCount: 2,
      },
      modelVersion: "gemini-2.5-flash",
      responseId: "r1",
    });
  });

  it("answers a collected OpenAI stream with Gemini's finish reasons and usage", () => {
    const stream = [
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}',
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"length"}],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}',
      "data: [DONE]",
    ].join("\n\n");
    const response = geminiRequests_toResponse(`${stream}\n\n`);
    expect(response).toEqual({
      candidates: [
        {
          content: { role: "model", parts: [{ text: "Hi" }] },
          finishReason: "MAX_TOKENS",
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 1, totalTokenCount: 5 },
      modelVersion: "gpt-4o",
      responseId: "c1",
    });
  });
});

function geminiRequests_toResponse(sse: string): JsonObject {
  return gemini.requests!.toResponse(accumulate(decodeAll(sse, openai)));
}

describe("gemini requests: empty messages", () => {
  it("leaves out a message with nothing in it (Gemini refuses a content without parts), and lists it", () => {
    const request: ChatRequest = {
      model: "m",
      messages: [
        { role: "assistant", content: [] },
        { role: "user", content: [{ type: "text", text: "Hi" }] },
      ],
      stream: true,
    };
    const built = geminiRequests.build(request, upstream);
    expect(built.body.contents).toEqual([{ role: "user", parts: [{ text: "Hi" }] }]);
    expect(built.dropped?.map((drop) => drop.field)).toEqual(["messages[0]"]);
  });
});
