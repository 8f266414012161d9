import { elumenta, mapElumentaRequest } from "@sse-dialects/elumenta";
import { mapOpenAIRequest, openai } from "@sse-dialects/openai";
import { describe, expect, it } from "vitest";
import { requestMapperFor } from "./map-request.js";

describe("requestMapperFor", () => {
  it("reads the dialect's mapRequest, and auto sends OpenAI's request", () => {
    expect(requestMapperFor(openai)).toBe(mapOpenAIRequest);
    expect(requestMapperFor(elumenta)).toBe(mapElumentaRequest);
    expect(requestMapperFor("auto")).toBe(mapOpenAIRequest);
  });

  it("is undefined for a dialect without mapRequest", () => {
    const { mapRequest: _, ...bare } = elumenta;
    expect(requestMapperFor(bare)).toBeUndefined();
  });
});
