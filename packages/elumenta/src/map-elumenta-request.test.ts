import { describe, expect, it } from "vitest";
import { elumenta } from "./elumenta-dialect.js";
import { mapElumentaRequest } from "./map-elumenta-request.js";

describe("mapElumentaRequest", () => {
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

  it("sends model, messages and stream, at its endpoint", () => {
    expect(mapElumentaRequest(request, "http://e/api/v2/chat/completions", false)).toEqual({
      url: "http://e/api/v2/generate",
      body: { model: "gpt-5", messages: [{ role: "user", content: "ab" }], stream: true },
    });
  });

  it("keeps a configured endpoint as it is", () => {
    expect(mapElumentaRequest(request, "http://e/custom", true).url).toBe("http://e/custom");
  });

  it("keeps content with parts other than text as sent", () => {
    const content = [
      { type: "text", text: "look" },
      { type: "image_url", image_url: { url: "http://i" } },
    ];
    const mapped = mapElumentaRequest(
      { model: "m", messages: [{ role: "user", content }] },
      "http://e/generate",
      true,
    );
    expect(mapped.body.messages).toEqual([{ role: "user", content }]);
  });

  it("is the elumenta dialect's mapRequest", () => {
    expect(elumenta.mapRequest).toBe(mapElumentaRequest);
  });
});
