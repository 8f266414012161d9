import type { ChatRequest, JsonObject } from "@sse-dialects/core";
import { checkRequestRoundTrip, expectRequestError } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { responsesRequests } from "./responses-requests.js";

const upstream = { baseUrl: "https://api.openai.com/v1", model: "gpt-5" };

/** A Responses request with instructions, every input item the model names, and its options. */
const full: JsonObject = {
  model: "gpt-5",
  instructions: "Be brief.",
  input: [
    { role: "developer", content: "Answer in French." },
    {
      role: "user",
      content: [
        { type: "input_text", text: "Weather in this city?" },
        { type: "input_image", image_url: "https://example.com/a.png", detail: "high" },
        { type: "input_file", file_id: "file_1" },
      ],
    },
    {
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "Use the tool." }],
      encrypted_content: "ZW5j",
    },
    {
      type: "message",
      role: "assistant",
      id: "msg_1",
      status: "completed",
      content: [{ type: "output_text", text: "Checking.", annotations: [] }],
    },
    {
      type: "function_call",
      id: "fc_1",
      call_id: "call_1",
      name: "weather",
      arguments: '{"city":"Paris"}',
    },
    { type: "function_call_output", call_id: "call_1", output: "18°C" },
    { role: "user", content: "Thanks" },
  ],
  tools: [
    {
      type: "function",
      name: "weather",
      description: "Weather of a city",
      parameters: { type: "object", properties: { city: { type: "string" } } },
      strict: true,
    },
    { type: "web_search" },
  ],
  tool_choice: { type: "function", name: "weather" },
  parallel_tool_calls: true,
  max_output_tokens: 500,
  temperature: 0.2,
  top_p: 0.8,
  reasoning: { effort: "medium", summary: "auto" },
  text: {
    format: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true },
  },
  metadata: { team: "a" },
  user: "u-1",
  store: false,
  stream: true,
  include: ["reasoning.encrypted_content"],
  truncation: "auto",
};

describe("responses requests: parse", () => {
  it("reads instructions, input items in order, tools and options", () => {
    const request = responsesRequests.parse(full, {});
    expect(request).toEqual({
      model: "gpt-5",
      system: [{ type: "text", text: "Be brief." }],
      messages: [
        { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
        {
          role: "user",
          content: [
            { type: "text", text: "Weather in this city?" },
            {
              type: "image",
              source: { type: "url", url: "https://example.com/a.png" },
              detail: "high",
            },
            {
              type: "provider",
              dialect: "responses",
              part: { type: "input_file", file_id: "file_1" },
            },
          ],
        },
        {
          role: "assistant",
          content: [
            {
              type: "reasoning",
              text: "Use the tool.",
              redacted: "ZW5j",
              dialect: "responses",
              extra: {
                responses: {
                  id: "rs_1",
                  summary: [{ type: "summary_text", text: "Use the tool." }],
                },
              },
            },
            {
              type: "text",
              text: "Checking.",
              extra: { responses: { annotations: [], item: { id: "msg_1", status: "completed" } } },
            },
            {
              type: "tool-call",
              id: "call_1",
              name: "weather",
              arguments: '{"city":"Paris"}',
              extra: { responses: { id: "fc_1" } },
            },
          ],
        },
        {
          role: "tool",
          content: [
            { type: "tool-result", id: "call_1", content: [{ type: "text", text: "18°C" }] },
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
          strict: true,
        },
        { type: "provider", dialect: "responses", tool: { type: "web_search" } },
      ],
      toolChoice: { type: "tool", name: "weather" },
      parallelToolCalls: true,
      maxTokens: 500,
      temperature: 0.2,
      topP: 0.8,
      reasoning: { effort: "medium", include: true },
      responseFormat: {
        type: "json-schema",
        name: "answer",
        schema: { type: "object" },
        strict: true,
      },
      metadata: { team: "a" },
      user: "u-1",
      store: false,
      stream: true,
      extra: {
        responses: {
          include: ["reasoning.encrypted_content"],
          truncation: "auto",
          reasoning: { effort: "medium", summary: "auto" },
        },
      },
    } satisfies ChatRequest);
  });

  it("reads a string input, and keeps stateful fields apart", () => {
    const request = responsesRequests.parse(
      {
        model: "m",
        input: "Hi",
        previous_response_id: "resp_1",
        conversation: "conv_1",
        store: true,
      },
      {},
    );
    expect(request).toEqual({
      model: "m",
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      store: true,
      stream: false,
      stateful: { responses: { previous_response_id: "resp_1", conversation: "conv_1" } },
    });
  });

  it("refuses what it cannot read, naming the field", () => {
    expectRequestError(() => responsesRequests.parse({ input: "x" }, {}), "model");
    expectRequestError(() => responsesRequests.parse({ model: "m", input: 3 }, {}), "input");
    expectRequestError(
      () =>
        responsesRequests.parse(
          { model: "m", input: [{ type: "function_call_output", output: "x" }] },
          {},
        ),
      "input[0].call_id",
    );
    expectRequestError(
      () => responsesRequests.parse({ model: "m", input: [{ role: "tool", content: "x" }] }, {}),
      "input[0].role",
    );
    expectRequestError(
      () =>
        responsesRequests.parse({ model: "m", input: "x", text: { format: { type: "yaml" } } }, {}),
      "text.format.type",
    );
    // An item whose type is not a string (an object that cannot even be made a string).
    expectRequestError(
      () =>
        responsesRequests.parse(
          { model: "m", input: [{ type: { toString: false }, call_id: "c", name: "f" }] },
          {},
        ),
      "input[0].type",
    );
  });
});

describe("responses requests: build", () => {
  it("gives back the body it parsed: nothing is lost in the same dialect", () => {
    const built = responsesRequests.build(responsesRequests.parse(full, {}), upstream);
    expect(built.url).toBe("https://api.openai.com/v1/responses");
    expect(built.dropped).toBeUndefined();
    expect(built.body).toEqual(full);
  });

  it("carries previous_response_id to Responses, and no other dialect takes it", () => {
    const request = responsesRequests.parse(
      { model: "m", input: "Hi", previous_response_id: "resp_1" },
      {},
    );
    expect(responsesRequests.build(request, upstream).body.previous_response_id).toBe("resp_1");
  });

  it("writes another dialect's request: tool results in a user message, foreign reasoning dropped", () => {
    const request: ChatRequest = {
      model: "x",
      system: [
        { type: "text", text: "A" },
        { type: "text", text: "B" },
      ],
      messages: [
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "hm", signature: "s", dialect: "anthropic" },
            { type: "text", text: "Calling." },
            { type: "tool-call", id: "t1", name: "f", arguments: "{}" },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool-result", id: "t1", content: [{ type: "text", text: "ok" }] },
            { type: "text", text: "Next?" },
          ],
        },
      ],
      stop: ["x"],
      reasoning: { budgetTokens: 20000 },
      responseFormat: { type: "json" },
      stream: false,
    };
    const built = responsesRequests.build(request, upstream);
    expect(built.body).toEqual({
      model: "gpt-5",
      instructions: "A\n\nB",
      input: [
        {
          type: "message",
          role: "assistant",
          content: [{ type: "output_text", text: "Calling." }],
        },
        { type: "function_call", call_id: "t1", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: "t1", output: "ok" },
        { role: "user", content: "Next?" },
      ],
      reasoning: { effort: "high" },
      text: { format: { type: "json_object" } },
      stream: true,
    });
    expect(built.dropped?.map((drop) => drop.field)).toEqual(["messages[0].content[0]", "stop"]);
  });

  it("writes a user turn of only tool results as function outputs, with no empty message after", () => {
    const request: ChatRequest = {
      model: "x",
      messages: [
        {
          role: "assistant",
          content: [{ type: "tool-call", id: "t1", name: "f", arguments: "{}" }],
        },
        {
          role: "user",
          content: [{ type: "tool-result", id: "t1", content: [{ type: "text", text: "ok" }] }],
        },
        { role: "user", content: [] },
      ],
      stream: true,
    };
    expect(responsesRequests.build(request, upstream).body.input).toEqual([
      { type: "function_call", call_id: "t1", name: "f", arguments: "{}" },
      { type: "function_call_output", call_id: "t1", output: "ok" },
      // A user message the client sent empty stays: only a results-only turn has no message.
      { role: "user", content: [] },
    ]);
  });

  it("keeps what it can express through build then parse (property)", () => {
    checkRequestRoundTrip({
      requests: responsesRequests,
      fields: ["maxTokens", "temperature", "topP"],
      toolChoice: true,
    });
  });
});
