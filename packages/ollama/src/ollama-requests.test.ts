import { accumulate, type ChatRequest, decodeAll, type JsonObject } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { checkRequestRoundTrip, expectRequestError } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { ollama } from "./ollama-dialect.js";
import { ollamaRequests } from "./ollama-requests.js";
import { toGenerateResponse } from "./to-chat-response.js";

const upstream = { baseUrl: "http://localhost:11434", model: "llama3.2" };
const PNG = "iVBORw0KGgo=";

/** An `/api/chat` request as the `ollama` client sends it, using every field the model names. */
const full: JsonObject = {
  model: "llama3.2",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "What is this, and the weather?", images: [PNG] },
    {
      role: "assistant",
      content: "",
      thinking: "Use the tool.",
      tool_calls: [{ function: { name: "weather", arguments: { city: "Paris" } } }],
    },
    { role: "tool", content: "18°C", tool_name: "weather" },
    { role: "user", content: "Thanks" },
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
  format: { type: "object" },
  options: {
    num_predict: 128,
    temperature: 0.4,
    top_p: 0.9,
    top_k: 30,
    stop: ["END"],
    seed: 5,
    presence_penalty: 0.1,
    frequency_penalty: 0.2,
    num_ctx: 8192,
  },
  think: "high",
  stream: true,
  keep_alive: "5m",
};

describe("ollama requests: parse", () => {
  it("reads messages, images, thinking, tool calls and results, options, format and think", () => {
    expect(ollamaRequests.parse(full, {})).toEqual({
      model: "llama3.2",
      messages: [
        { role: "system", content: [{ type: "text", text: "Be brief." }] },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this, and the weather?" },
            { type: "image", source: { type: "base64", mediaType: "image/png", data: PNG } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "Use the tool.", dialect: "ollama" },
            { type: "tool-call", name: "weather", arguments: '{"city":"Paris"}' },
          ],
        },
        {
          role: "tool",
          content: [
            { type: "tool-result", name: "weather", content: [{ type: "text", text: "18°C" }] },
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
      ],
      maxTokens: 128,
      temperature: 0.4,
      topP: 0.9,
      topK: 30,
      stop: ["END"],
      seed: 5,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      responseFormat: { type: "json-schema", schema: { type: "object" } },
      reasoning: { enabled: true, effort: "high" },
      stream: true,
      extra: { ollama: { keep_alive: "5m", options: { num_ctx: 8192 } } },
    } satisfies ChatRequest);
  });

  it("streams unless told not to, as Ollama does; reads format json and think false", () => {
    expect(
      ollamaRequests.parse(
        { model: "m", messages: [], stream: false, format: "json", think: false },
        {},
      ),
    ).toEqual({
      model: "m",
      messages: [],
      stream: false,
      responseFormat: { type: "json" },
      reasoning: { enabled: false },
    });
    expect(ollamaRequests.parse({ model: "m" }, {}).stream).toBe(true);
  });

  it("reads an /api/generate body, keeping its context as state", () => {
    const request = ollamaRequests.parse(
      {
        model: "m",
        prompt: "Hi",
        system: "Be brief.",
        images: [PNG],
        context: [1, 2, 3],
        raw: false,
      },
      {},
    );
    expect(request).toEqual({
      model: "m",
      system: [{ type: "text", text: "Be brief." }],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Hi" },
            { type: "image", source: { type: "base64", mediaType: "image/png", data: PNG } },
          ],
        },
      ],
      stream: true,
      stateful: { ollama: { context: [1, 2, 3] } },
      extra: { ollama: { raw: false } },
    });
    expectRequestError(() => ollamaRequests.build(request, upstream), "context");
  });

  it("refuses what it cannot read, naming the field", () => {
    expectRequestError(() => ollamaRequests.parse({ messages: [] }, {}), "model");
    expectRequestError(
      () =>
        ollamaRequests.parse({ model: "m", messages: [{ role: "developer", content: "" }] }, {}),
      "messages[0].role",
    );
    expectRequestError(
      () =>
        ollamaRequests.parse(
          { model: "m", messages: [{ role: "user", content: "", images: [1] }] },
          {},
        ),
      "messages[0].images",
    );
    expectRequestError(
      () => ollamaRequests.parse({ model: "m", messages: [], format: "yaml" }, {}),
      "format",
    );
    expectRequestError(
      () => ollamaRequests.parse({ model: "m", messages: [], options: { temperature: "x" } }, {}),
      "options.temperature",
    );
  });
});

describe("ollama requests: build", () => {
  it("gives back the body it parsed: nothing is lost in the same dialect", () => {
    const built = ollamaRequests.build(ollamaRequests.parse(full, {}), upstream);
    expect(built.url).toBe("http://localhost:11434/api/chat");
    expect(built.dropped).toBeUndefined();
    expect(built.body).toEqual(full);
  });

  it("writes another dialect's request: results named after their calls, URL images refused", () => {
    const request: ChatRequest = {
      model: "x",
      system: [{ type: "text", text: "Be kind." }],
      messages: [
        {
          role: "assistant",
          content: [
            { type: "text", text: "Calling." },
            { type: "tool-call", id: "call_1", name: "f", arguments: '{"a":1}' },
          ],
        },
        {
          role: "user",
          content: [
            {
              type: "tool-result",
              id: "call_1",
              content: [{ type: "text", text: "ok" }],
              isError: true,
            },
            { type: "text", text: "Go on" },
          ],
        },
      ],
      toolChoice: "required",
      reasoning: { budgetTokens: 2000 },
      stream: false,
    };
    const built = ollamaRequests.build(request, {
      baseUrl: "http://127.0.0.1:9/api/",
      model: "qwen3",
    });
    expect(built.url).toBe("http://127.0.0.1:9/api/chat");
    expect(built.body).toEqual({
      model: "qwen3",
      messages: [
        { role: "system", content: "Be kind." },
        {
          role: "assistant",
          content: "Calling.",
          tool_calls: [{ function: { name: "f", arguments: { a: 1 } }, id: "call_1" }],
        },
        { role: "tool", content: "ok", tool_name: "f" },
        { role: "user", content: "Go on" },
      ],
      think: true,
      stream: true,
    });
    expect(built.dropped?.map((drop) => drop.field)).toEqual([
      "messages[1].content[0].isError",
      "toolChoice",
    ]);
    expectRequestError(
      () =>
        ollamaRequests.build(
          {
            model: "m",
            messages: [
              {
                role: "user",
                content: [{ type: "image", source: { type: "url", url: "https://x" } }],
              },
            ],
            stream: true,
          },
          upstream,
        ),
      "messages[0].content[0]",
    );
  });

  it("keeps what it can express through build then parse (property)", () => {
    checkRequestRoundTrip({
      requests: ollamaRequests,
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
      toolChoice: false,
    });
  });
});

describe("toChatResponse", () => {
  it("answers a collected Ollama stream in Ollama's non-streaming shape", () => {
    const stream = [
      '{"model":"qwen3","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"","thinking":"Hm."},"done":false}',
      '{"model":"qwen3","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Hi"},"done":false}',
      '{"model":"qwen3","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{"a":1}}}]},"done":false}',
      '{"model":"qwen3","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":10,"prompt_eval_count":4,"eval_count":2}',
    ].join("\n");
    const message = accumulate(decodeAll(`${stream}\n`, ollama));
    expect(ollama.requests!.toResponse(message)).toEqual({
      model: "qwen3",
      created_at: "2025-01-01T00:00:00.000Z",
      message: {
        role: "assistant",
        content: "Hi",
        thinking: "Hm.",
        tool_calls: [{ function: { name: "f", arguments: { a: 1 } } }],
      },
      done: true,
      done_reason: "stop",
      total_duration: 10,
      prompt_eval_count: 4,
      eval_count: 2,
    });
    expect(toGenerateResponse(message)).toEqual({
      model: "qwen3",
      created_at: "2025-01-01T00:00:00.000Z",
      response: "Hi",
      thinking: "Hm.",
      done: true,
      done_reason: "stop",
      total_duration: 10,
      prompt_eval_count: 4,
      eval_count: 2,
    });
  });

  it("answers a collected OpenAI stream with Ollama's done reasons", () => {
    const stream = [
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}',
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}',
      "data: [DONE]",
    ].join("\n\n");
    expect(ollama.requests!.toResponse(accumulate(decodeAll(`${stream}\n\n`, openai)))).toEqual({
      model: "gpt-4o",
      created_at: "1970-01-01T00:00:01.000Z",
      message: { role: "assistant", content: "Hi" },
      done: true,
      done_reason: "stop",
      prompt_eval_count: 4,
      eval_count: 1,
    });
  });
});
