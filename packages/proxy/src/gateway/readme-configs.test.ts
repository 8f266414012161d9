import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createGatewayHandler } from "./create-gateway-handler.js";
import { parseGatewayConfig } from "./parse-gateway-config.js";

/**
 * The two configurations the README opens with, read from the README itself: each must be
 * valid and send each model to the provider's documented endpoint with its documented key
 * header. No network: the gateway's fetch records the request and answers 401.
 */
const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const blocks = [...README.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) =>
  JSON.parse(match[1] ?? ""),
);

const env = {
  DEEPSEEK_API_KEY: "sk-deepseek-readme",
  ANTHROPIC_API_KEY: "sk-ant-readme",
  GEMINI_API_KEY: "AIza-readme",
};

async function sent(config: unknown, path: string, body: unknown) {
  const calls: { url: string; headers: Headers; body: Record<string, unknown> }[] = [];
  const handler = createGatewayHandler({
    ...parseGatewayConfig(config),
    env,
    fetch: async (input, init) => {
      calls.push({
        url: String(input),
        headers: new Headers(init?.headers),
        body: JSON.parse(String(init?.body)) as Record<string, unknown>,
      });
      return new Response(JSON.stringify({ error: { message: "no network in tests" } }), {
        status: 401,
      });
    },
  });
  const response = await handler(
    new Request(`http://127.0.0.1:8787${path}`, { method: "POST", body: JSON.stringify(body) }),
  );
  expect(response.status).toBe(401);
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

describe("the README's configurations", () => {
  it("has the two, first", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it("sends an Anthropic client's request to DeepSeek's chat completions, as deepseek-chat", async () => {
    const call = await sent(blocks[0], "/v1/messages", {
      model: "claude-sonnet-4-5",
      max_tokens: 1024,
      messages: [{ role: "user", content: "Hello" }],
      stream: true,
    });
    expect(call.url).toBe("https://api.deepseek.com/v1/chat/completions");
    expect(call.headers.get("authorization")).toBe("Bearer sk-deepseek-readme");
    expect(call.body).toMatchObject({ model: "deepseek-chat", stream: true });
    expect(call.body.max_completion_tokens ?? call.body.max_tokens).toBe(1024);
  });

  it("routes an OpenAI client's claude- and gemini- models to Anthropic and Gemini", async () => {
    const chat = (model: string) => ({
      model,
      messages: [{ role: "user", content: "Say hello" }],
      stream: true,
    });
    const claude = await sent(blocks[1], "/v1/chat/completions", chat("claude-sonnet-4-5"));
    expect(claude.url).toBe("https://api.anthropic.com/v1/messages");
    expect(claude.headers.get("x-api-key")).toBe("sk-ant-readme");
    expect(claude.headers.get("anthropic-version")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(claude.headers.get("authorization")).toBeNull();
    expect(claude.body).toMatchObject({ model: "claude-sonnet-4-5", stream: true });

    const gemini = await sent(blocks[1], "/v1/chat/completions", chat("gemini-2.5-flash"));
    expect(gemini.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
    expect(gemini.headers.get("x-goog-api-key")).toBe("AIza-readme");
    expect(gemini.body).toMatchObject({
      contents: [{ role: "user", parts: [{ text: "Say hello" }] }],
    });
  });
});
