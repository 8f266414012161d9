import { describe, expect, it } from "vitest";
import { countingBody, countingOf, countingUrl } from "./count-tokens.js";
import { servesPath } from "./fronts/fronts.js";

describe("token counting paths", () => {
  it("reads Anthropic's and Gemini's counting paths, and nothing else", () => {
    expect(countingOf("/v1/messages/count_tokens")).toEqual({ dialect: "anthropic" });
    expect(countingOf("/v1beta/models/gemini-2.5-flash:countTokens")).toEqual({
      dialect: "gemini",
      model: "gemini-2.5-flash",
    });
    expect(countingOf("/v1/models/a%20b:countTokens")?.model).toBe("a b");
    expect(countingOf("/v1beta/models/%E0:countTokens")).toBeUndefined();
    expect(countingOf("/v1beta/models/x:countTokens/more")).toBeUndefined();
    expect(servesPath("/v1beta/models/x:countTokens")).toBe(true);
    expect(servesPath("/v1beta/models")).toBe(true);
    expect(servesPath("/v1beta/models/x:embedContent")).toBe(false);
  });

  it("asks beside the streaming endpoint, the model as routed", () => {
    const gemini = { dialect: "gemini" as const, model: "g" };
    expect(countingUrl(gemini, "https://h/v1beta/models/real:streamGenerateContent?alt=sse")).toBe(
      "https://h/v1beta/models/real:countTokens",
    );
    expect(countingUrl({ dialect: "anthropic" }, "https://h/v1/messages")).toBe(
      "https://h/v1/messages/count_tokens",
    );
    const body = { generateContentRequest: { model: "models/g", contents: [] } };
    expect(countingBody(gemini, body, "real")).toEqual({
      generateContentRequest: { model: "models/real", contents: [] },
    });
    expect(countingBody(gemini, { contents: [] }, "real")).toEqual({ contents: [] });
    expect(countingBody({ dialect: "anthropic" }, { model: "a" }, "b")).toEqual({ model: "b" });
    expect(countingBody({ dialect: "anthropic" }, { model: "a" }, undefined)).toEqual({
      model: "a",
    });
  });
});
