import { elumenta } from "@sse-dialects/elumenta";
import { openai } from "@sse-dialects/openai";
import { describe, expect, it } from "vitest";
import { mapElumentaRequest, mapOpenAIRequest, requestMapperFor } from "./map-request.js";

describe("request mappers", () => {
  it("OpenAI: the request as it is, asked to stream with usage when the client did not stream", () => {
    const request = { model: "m", messages: [], stream: false, temperature: 0 };
    expect(mapOpenAIRequest(request, "http://u/v1/chat/completions")).toEqual({
      url: "http://u/v1/chat/completions",
      body: { ...request, stream: true, stream_options: { include_usage: true } },
    });
    expect(mapOpenAIRequest({ model: "m", messages: [], stream: true }, "http://u").body).toEqual({
      model: "m",
      messages: [],
      stream: true,
    });
  });

  it("Elumenta: model, messages and stream, at its endpoint", () => {
    const request = {
      model: "gpt-5",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
        },
      ],
      tools: [],
      stream: false,
    };
    expect(mapElumentaRequest(request, "http://e/api/v2/chat/completions", false)).toEqual({
      url: "http://e/api/v2/generate",
      body: { model: "gpt-5", messages: [{ role: "user", content: "ab" }], stream: true },
    });
    expect(mapElumentaRequest(request, "http://e/custom", true).url).toBe("http://e/custom");
  });

  it("knows the shipped dialects, and auto sends OpenAI's request", () => {
    expect(requestMapperFor(openai)).toBe(mapOpenAIRequest);
    expect(requestMapperFor(elumenta)).toBe(mapElumentaRequest);
    expect(requestMapperFor("auto")).toBe(mapOpenAIRequest);
    expect(requestMapperFor({ ...elumenta, name: "other" })).toBeUndefined();
  });
});
