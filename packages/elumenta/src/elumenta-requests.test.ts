import { accumulate, type ChatRequest, decodeAll, type JsonObject } from "@sse-dialects/core";
import { checkRequestRoundTrip, expectRequestError } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { elumenta } from "./elumenta-dialect.js";
import { elumentaRequests } from "./elumenta-requests.js";

const upstream = { baseUrl: "https://elumenta.ru/api/v2/", model: "gpt-5" };

describe("elumenta requests", () => {
  it("reads the documented body, keeping what else it carries", () => {
    const body: JsonObject = {
      model: "gpt-5",
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "Hi " },
            { type: "text", text: "there" },
          ],
        },
        { role: "assistant", content: "Hello" },
        { role: "user", content: [{ type: "image_url", image_url: { url: "https://x/a.png" } }] },
      ],
      stream: true,
      project: "p1",
    };
    const request = elumentaRequests.parse(body, {});
    expect(request).toEqual({
      model: "gpt-5",
      messages: [
        { role: "system", content: [{ type: "text", text: "Be brief." }] },
        {
          role: "user",
          content: [
            { type: "text", text: "Hi " },
            { type: "text", text: "there" },
          ],
        },
        { role: "assistant", content: [{ type: "text", text: "Hello" }] },
        {
          role: "user",
          content: [
            {
              type: "provider",
              dialect: "elumenta",
              part: { type: "image_url", image_url: { url: "https://x/a.png" } },
            },
          ],
        },
      ],
      stream: true,
      extra: { elumenta: { project: "p1" } },
    } satisfies ChatRequest);
    const built = elumentaRequests.build(request, upstream);
    expect(built.url).toBe("https://elumenta.ru/api/v2/generate");
    expect(built.dropped).toBeUndefined();
    // Text parts are joined into the string Elumenta documents; its own parts go back as they came.
    const sent = body.messages as JsonObject[];
    expect(built.body).toEqual({
      ...body,
      messages: [sent[0], { role: "user", content: "Hi there" }, sent[2], sent[3]],
    });
  });

  it("lists what Elumenta has no field for, and refuses a conversation it cannot say", () => {
    const request: ChatRequest = {
      model: "x",
      system: [{ type: "text", text: "Be kind." }],
      messages: [{ role: "developer", content: [{ type: "text", text: "French." }] }],
      temperature: 0,
      tools: [{ type: "function", name: "f" }],
      stream: false,
      extra: { openai: { n: 2 } },
    };
    const built = elumentaRequests.build(request, upstream);
    expect(built.body).toEqual({
      model: "gpt-5",
      messages: [
        { role: "system", content: "Be kind." },
        { role: "system", content: "French." },
      ],
      stream: true,
    });
    expect(built.dropped?.map((drop) => drop.field)).toEqual(["tools", "temperature", "n"]);
    expectRequestError(
      () =>
        elumentaRequests.build(
          {
            model: "m",
            messages: [
              {
                role: "assistant",
                content: [{ type: "tool-call", id: "a", name: "f", arguments: "{}" }],
              },
            ],
            stream: true,
          },
          upstream,
        ),
      "messages[0].content[0]",
    );
    expectRequestError(
      () => elumentaRequests.parse({ model: "m", messages: [{ role: "tool", content: "x" }] }, {}),
      "messages[0].role",
    );
    expectRequestError(() => elumentaRequests.parse({ messages: [] }, {}), "model");
  });

  it("keeps what it can express through build then parse (property)", () => {
    checkRequestRoundTrip({
      requests: elumentaRequests,
      fields: [],
      toolChoice: false,
      textOnly: true,
    });
  });

  it("gathers a collected stream's fields into one object", () => {
    const stream = [
      'data: {"type":"generation_start","id":"gen_1","model":"gpt-5"}',
      'data: {"type":"content_delta","delta":"Hi"}',
      'data: {"type":"generation_end","id":"gen_1","tokens_used":3,"balance_remaining":97}',
      "data: [DONE]",
    ].join("\n\n");
    expect(elumenta.requests!.toResponse(accumulate(decodeAll(`${stream}\n\n`, elumenta)))).toEqual(
      {
        id: "gen_1",
        model: "gpt-5",
        content: "Hi",
        tokens_used: 3,
        balance_remaining: 97,
      },
    );
  });
});
