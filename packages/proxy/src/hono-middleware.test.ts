import { elumenta } from "@sse-dialects/elumenta";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { gatewayProxy, openAIProxy } from "./hono-middleware.js";
import { chatRequest, readOpenAI } from "./test-support/proxy-fixture.js";
import { type ServedHandler, serveHandler } from "./test-support/serve-handler.js";
import { startUpstream, type Upstream } from "./test-support/serve-upstream.js";

let upstream: Upstream | undefined;
let served: ServedHandler | undefined;
afterEach(async () => {
  await served?.close();
  await upstream?.close();
  served = undefined;
  upstream = undefined;
});

function app(upstreamUrl: string) {
  const hono = new Hono();
  hono.post(
    "/openai/v1/chat/completions",
    openAIProxy({ upstream: `${upstreamUrl}/api/v2/generate`, from: elumenta }),
  );
  hono.get("/health", (c) => c.text("ok"));
  return hono;
}

describe("openAIProxy (Hono)", () => {
  it("serves the route it is mounted on, through app.fetch", async () => {
    upstream = await startUpstream();
    const response = await app(upstream.url).request("/openai/v1/chat/completions", {
      method: "POST",
      body: chatRequest(),
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(readOpenAI(await response.text()).message.choices[0]?.text).toBe("Here are the numbers");
    expect((await app(upstream.url).request("/health")).status).toBe(200);
  });

  it("runs over real HTTP, and a client that leaves aborts the upstream", async () => {
    upstream = await startUpstream();
    const hono = new Hono();
    hono.post(
      "/v1/chat/completions",
      openAIProxy({ upstream: `${upstream.url}/hang/3`, from: elumenta }),
    );
    served = await serveHandler(async (request) => hono.fetch(request));
    const response = await fetch(`${served.url}/v1/chat/completions`, {
      method: "POST",
      body: chatRequest(),
    });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain(
      "chat.completion.chunk",
    );
    await reader.cancel();
    expect((await upstream.requests[0]!.closed).finished).toBe(false);
  });

  it("reads the key from the Worker bindings Hono passes as c.env", async () => {
    upstream = await startUpstream();
    const hono = new Hono<{ Bindings: { HONO_KEY: string } }>();
    hono.post(
      "/v1/chat/completions",
      openAIProxy({
        upstream: `${upstream.url}/echo-key-status/401`,
        from: elumenta,
        apiKeyEnv: "HONO_KEY",
      }),
    );
    const response = await hono.request(
      "/v1/chat/completions",
      { method: "POST", body: chatRequest() },
      { HONO_KEY: "hono-binding-key-1" },
    );
    expect(response.status).toBe(401);
    expect(upstream.requests[0]?.headers.authorization).toBe("Bearer hono-binding-key-1");
  });
});

describe("gatewayProxy (Hono)", () => {
  it("serves every front beside the app's own routes, and passes other paths on", async () => {
    upstream = await startUpstream();
    const hono = new Hono<{ Bindings: { GATEWAY_UPSTREAM_KEY: string } }>();
    hono.get("/health", (c) => c.text("ok"));
    hono.use(
      "*",
      gatewayProxy({
        upstreams: [
          {
            name: "elumenta",
            dialect: elumenta,
            endpoint: `${upstream.url}/echo-key-status/401`,
            apiKeyEnv: "GATEWAY_UPSTREAM_KEY",
          },
        ],
      }),
    );
    const env = { GATEWAY_UPSTREAM_KEY: "hono-gateway-key" };
    expect(await (await hono.request("/health", {}, env)).text()).toBe("ok");
    const response = await hono.request(
      "/v1/messages",
      {
        method: "POST",
        body: JSON.stringify({
          model: "m",
          max_tokens: 8,
          messages: [{ role: "user", content: "hi" }],
        }),
      },
      env,
    );
    // The Anthropic front answers the upstream's 401 in Anthropic's shape; the key came from c.env.
    expect(response.status).toBe(401);
    expect(((await response.json()) as { type: string }).type).toBe("error");
    expect(upstream.requests[0]?.headers.authorization).toBe("Bearer hono-gateway-key");
    expect((await hono.request("/elsewhere", {}, env)).status).toBe(404);
  });
});
