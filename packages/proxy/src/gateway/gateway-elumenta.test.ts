import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import { elumenta } from "@sse-dialects/elumenta";
import { Ollama } from "ollama";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedHandler, serveHandler } from "../test-support/serve-handler.js";
import { startUpstream, type Upstream } from "../test-support/serve-upstream.js";
import { createGatewayHandler } from "./create-gateway-handler.js";
import type { GatewayLogEntry } from "./gateway-options.js";

/*
 * Elumenta is an upstream only (it has no client API worth a front) and carries text only: each
 * front's official client reads its stream, and a conversation with tools is refused with a 400
 * naming the field, in the client's own error class.
 */

/** What the `elumenta/plain` fixture the test upstream serves says. */
const PLAIN_TEXT = "Here are the numbers";

let upstream: Upstream;
let gateway: ServedHandler;
const logs: GatewayLogEntry[] = [];
beforeAll(async () => {
  upstream = await startUpstream();
  gateway = await serveHandler(
    createGatewayHandler({
      // The test upstream serves Elumenta's endpoint at /api/v2/generate.
      upstreams: [{ name: "elumenta", dialect: elumenta, baseUrl: `${upstream.url}/api/v2` }],
      onLog: (entry) => logs.push(entry),
    }),
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe.concurrent("an Elumenta upstream behind every front", () => {
  it("streams text to the openai client, on chat and on Responses", async ({ expect }) => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "k", maxRetries: 0 });
    let text = "";
    const chunks = await client.chat.completions.create({
      model: "gpt-5",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? "";
    expect(text.startsWith(PLAIN_TEXT)).toBe(true);
    const response = await client.responses.create({ model: "gpt-5", input: "hi" });
    expect(response.output_text.startsWith(PLAIN_TEXT)).toBe(true);
  });

  it("streams text to the Anthropic, Gemini and ollama clients", async ({ expect }) => {
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: "k", maxRetries: 0 });
    const message = await anthropic.messages
      .stream({ model: "m", max_tokens: 64, messages: [{ role: "user", content: "hi" }] })
      .finalMessage();
    expect(
      message.content[0]?.type === "text" && message.content[0].text.startsWith(PLAIN_TEXT),
    ).toBe(true);
    const gemini = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: gateway.url } });
    const generated = await gemini.models.generateContent({ model: "m", contents: "hi" });
    expect(generated.text?.startsWith(PLAIN_TEXT)).toBe(true);
    const chat = await new Ollama({ host: gateway.url }).chat({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      stream: false,
    });
    expect(chat.message.content.startsWith(PLAIN_TEXT)).toBe(true);
  });

  it("refuses a conversation with a tool call with a 400 naming the field, as each client's error", async ({
    expect,
  }) => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "k", maxRetries: 0 });
    const error = await client.chat.completions
      .create({
        model: "gpt-5",
        messages: [
          { role: "user", content: "weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } },
            ],
          },
          { role: "tool", tool_call_id: "c1", content: "sunny" },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toMatch(/^400 messages\[1\]/);
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: "k", maxRetries: 0 });
    const refused = await anthropic.messages
      .create({
        model: "m",
        max_tokens: 64,
        messages: [
          { role: "user", content: "weather?" },
          {
            role: "assistant",
            content: [{ type: "tool_use", id: "t1", name: "get_weather", input: {} }],
          },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "sunny" }] },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect((refused as Error).message).toContain("messages[1]");
  });

  it("logs the tool definitions it had to leave out", async ({ expect }) => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "k", maxRetries: 0 });
    await client.chat.completions.create({
      model: "dropped-tools",
      messages: [{ role: "user", content: "weather?" }],
      tools: [
        { type: "function", function: { name: "get_weather", parameters: { type: "object" } } },
      ],
    });
    const entry = logs.find((log) => log.dropped.some((field) => field.startsWith("tools")));
    expect(entry?.status).toBe(200);
  });
});

it("sends Elumenta its documented body", () => {
  const body = upstream.requests.find((request) => request.path === "/api/v2/generate")?.body;
  expect(JSON.parse(body ?? "{}")).toMatchObject({ model: expect.any(String), stream: true });
});
