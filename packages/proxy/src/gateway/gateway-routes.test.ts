import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import { ApiError, GoogleGenAI } from "@google/genai";
import { Ollama } from "ollama";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSWER_TEXT } from "../test-support/matrix/conversation.js";
import {
  dialectNamed,
  MATRIX_ROUTES,
  translatable,
  upstreamsAt,
} from "../test-support/matrix/matrix-gateway.js";
import {
  type MatrixUpstream,
  startMatrixUpstream,
} from "../test-support/matrix/serve-matrix-upstream.js";
import { type ServedHandler, serveHandler } from "../test-support/serve-handler.js";
import { createGatewayHandler } from "./create-gateway-handler.js";

let upstream: MatrixUpstream;
const served: ServedHandler[] = [];
let nextCase = 0;
beforeAll(async () => {
  upstream = await startMatrixUpstream();
});
afterAll(async () => {
  for (const server of served) await server.close();
  await upstream?.close();
});

async function serve(handler: Parameters<typeof serveHandler>[0]) {
  const server = await serveHandler(handler);
  served.push(server);
  return server;
}

function caseModel(target: string, scenario = "ok") {
  const id = `r${nextCase++}`;
  return { model: `${target}.${scenario}.${id}`, id };
}

const chat = (model: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], stream: true, ...extra });

describe("model lists", () => {
  it("lists the exactly named models to the openai, Anthropic and ollama clients, each in its shape", async () => {
    const gateway = await serve(
      createGatewayHandler({
        upstreams: upstreamsAt(upstream.url),
        routes: [
          { model: "fast", upstream: "openai", upstreamModel: "gpt-5-mini" },
          { model: "claude-sonnet-4-5", upstream: "anthropic" },
          { prefix: "", upstream: "openai" },
        ],
      }),
    );
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "k", maxRetries: 0 });
    const listed: string[] = [];
    for await (const model of openai.models.list()) listed.push(`${model.id}@${model.owned_by}`);
    expect(listed).toEqual(["fast@openai", "claude-sonnet-4-5@anthropic"]);

    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: "k", maxRetries: 0 });
    const names: string[] = [];
    for await (const model of anthropic.models.list()) names.push(model.id);
    expect(names).toEqual(["fast", "claude-sonnet-4-5"]);

    const tags = await new Ollama({ host: gateway.url }).list();
    expect(tags.models.map((model) => model.name)).toEqual(["fast", "claude-sonnet-4-5"]);

    const ai = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: gateway.url } });
    const gemini: string[] = [];
    for await (const model of await ai.models.list()) gemini.push(model.name ?? "");
    expect(gemini).toEqual(["models/fast", "models/claude-sonnet-4-5"]);
  });
});

describe("count_tokens", () => {
  it("asks an Anthropic upstream, and refuses clearly for any other", async () => {
    const gateway = await serve(
      createGatewayHandler({ upstreams: upstreamsAt(upstream.url), routes: MATRIX_ROUTES }),
    );
    const client = new Anthropic({ baseURL: gateway.url, apiKey: "k", maxRetries: 0 });
    const { model, id } = caseModel("anthropic");
    const counted = await client.messages.countTokens({
      model,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(counted.input_tokens).toBe(42);
    expect(upstream.requests.get(id)?.path).toBe("/anthropic/v1/messages/count_tokens");
    // Anthropic client to Anthropic upstream: the client's own API version goes along.
    expect(upstream.requests.get(id)?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const other = caseModel("openai").model;
    const error = await client.messages
      .countTokens({ model: other, messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(501);
    expect((error as Error).message).toContain("Token counting needs an Anthropic upstream");
  });

  it("asks a Gemini upstream for @google/genai's countTokens, and refuses clearly for any other", async () => {
    const gateway = await serve(
      createGatewayHandler({ upstreams: upstreamsAt(upstream.url), routes: MATRIX_ROUTES }),
    );
    const ai = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: gateway.url } });
    const { model, id } = caseModel("gemini");
    const counted = await ai.models.countTokens({ model, contents: "hi" });
    expect(counted.totalTokens).toBe(43);
    expect(upstream.requests.get(id)?.path).toBe(`/gemini/v1beta/models/${model}:countTokens`);
    expect(upstream.requests.get(id)?.body).toEqual({
      contents: [{ role: "user", parts: [{ text: "hi" }] }],
    });

    const other = caseModel("openai").model;
    const error = await ai.models
      .countTokens({ model: other, contents: "hi" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(501);
    expect((error as Error).message).toContain("Token counting needs a Gemini upstream");
  });
});

describe("keys", () => {
  it("reads each upstream's key per request from the env given with it, sent in the upstream's own header", async () => {
    // As a Worker: the handler is made before any variable exists; fetch(request, env) brings them.
    const handler = createGatewayHandler({
      upstreams: upstreamsAt(upstream.url, {
        openai: "OPENAI_KEY",
        anthropic: "ANTHROPIC_KEY",
        gemini: "GEMINI_KEY",
      }),
      routes: MATRIX_ROUTES,
    });
    const env = { OPENAI_KEY: "sk-openai-w1", ANTHROPIC_KEY: "sk-ant-w2", GEMINI_KEY: "AIza-w3" };
    const headersOf = async (target: string) => {
      const { model, id } = caseModel(target);
      const response = await handler(
        new Request("http://gateway/v1/chat/completions", { method: "POST", body: chat(model) }),
        env,
      );
      await response.text();
      return upstream.requests.get(id)?.headers ?? {};
    };
    expect((await headersOf("openai")).authorization).toBe("Bearer sk-openai-w1");
    const anthropic = await headersOf("anthropic");
    expect(anthropic["x-api-key"]).toBe("sk-ant-w2");
    expect(anthropic.authorization).toBeUndefined();
    expect((await headersOf("gemini"))["x-goog-api-key"]).toBe("AIza-w3");

    const { model } = caseModel("openai");
    const missing = await handler(
      new Request("http://gateway/v1/messages", { method: "POST", body: chat(model) }),
      {},
    );
    expect(missing.status).toBe(500);
    expect(await missing.json()).toEqual({
      type: "error",
      error: {
        type: "api_error",
        message:
          'The key of the upstream "openai" is not set: the environment variable OPENAI_KEY is empty or missing',
      },
    });
  });

  it("requires the client key in each API's own header when clientKeyEnv is set", async () => {
    const gateway = await serve(
      createGatewayHandler({
        upstreams: upstreamsAt(upstream.url),
        routes: MATRIX_ROUTES,
        clientKeyEnv: "GATEWAY_CLIENT_KEY",
        env: { GATEWAY_CLIENT_KEY: "gw-client-key" },
      }),
    );
    const statusWith = async (path: string, headers: Record<string, string>) =>
      (await fetch(`${gateway.url}${path}`, { method: "POST", headers, body: chat("nobody.ok.x") }))
        .status;
    // 404 (no route for the model) means the key was accepted; 401 that it was not.
    expect(
      await statusWith("/v1/chat/completions", { authorization: "Bearer gw-client-key" }),
    ).toBe(404);
    expect(await statusWith("/v1/chat/completions", { authorization: "Bearer wrong" })).toBe(401);
    expect(await statusWith("/v1/messages", { "x-api-key": "gw-client-key" })).toBe(404);
    expect(await statusWith("/v1/messages", {})).toBe(401);
    expect(
      await statusWith("/v1beta/models/nobody.ok.x:generateContent", {
        "x-goog-api-key": "gw-client-key",
      }),
    ).toBe(404);
    expect(
      await statusWith("/v1beta/models/nobody.ok.x:generateContent?key=gw-client-key", {}),
    ).toBe(404);
    expect(
      await statusWith("/v1beta/models/nobody.ok.x:generateContent", {
        "x-goog-api-key": "gw-client-kez",
      }),
    ).toBe(401);
    expect(await statusWith("/api/chat", { authorization: "Bearer gw-client-key" })).toBe(404);
    const denied = await fetch(`${gateway.url}/v1/messages`, { method: "POST", body: chat("x") });
    expect(await denied.json()).toEqual({
      type: "error",
      error: { type: "authentication_error", message: "Invalid or missing API key" },
    });
  });

  it("redacts the upstream's key wherever the upstream echoes it", async () => {
    const gateway = await serve(
      createGatewayHandler({
        upstreams: upstreamsAt(upstream.url, { openai: "ECHO_KEY" }),
        routes: MATRIX_ROUTES,
        env: { ECHO_KEY: "upstream says 401" },
      }),
    );
    // The matrix upstream's 401 message is "upstream says 401": configured as the key, it must go.
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: "POST",
      body: JSON.stringify({
        model: caseModel("openai", "401").model,
        max_tokens: 8,
        messages: [],
      }),
    });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("upstream says 401");
  });
});

describe("passthrough", () => {
  it("sends an OpenAI client's body to an OpenAI upstream unchanged but the routed model", async () => {
    const gateway = await serve(
      createGatewayHandler({
        upstreams: upstreamsAt(upstream.url),
        routes: [
          { prefix: "alias.", upstream: "openai", upstreamModel: "openai.ok.passthrough-1" },
        ],
      }),
    );
    const body = {
      model: "alias.any",
      messages: [{ role: "user", content: [{ type: "text", text: "hi", vendor_flag: true }] }],
      stream: false,
      logit_bias: { "50256": -100 },
      vendor_extension: { keep: ["me"] },
    };
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(upstream.requests.get("passthrough-1")?.body).toEqual({
      ...body,
      model: "openai.ok.passthrough-1",
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});

describe("Gemini and Ollama specifics", () => {
  it.skipIf(!translatable("gemini", "openai"))(
    "answers streamGenerateContent without alt=sse as one streamed JSON array",
    async () => {
      const gateway = await serve(
        createGatewayHandler({ upstreams: upstreamsAt(upstream.url), routes: MATRIX_ROUTES }),
      );
      const { model } = caseModel("openai");
      const response = await fetch(`${gateway.url}/v1beta/models/${model}:streamGenerateContent`, {
        method: "POST",
        body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
      });
      expect(response.headers.get("content-type")).toBe("application/json");
      const array = (await response.json()) as {
        candidates?: { content?: { parts?: { text?: string }[] } }[];
      }[];
      const text = array
        .flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? [])
        .map((part) => part.text ?? "");
      expect(text.join("")).toBe(ANSWER_TEXT);
    },
  );

  it.skipIf(!translatable("ollama", "openai"))(
    "serves /api/generate to the ollama client",
    async () => {
      const gateway = await serve(
        createGatewayHandler({ upstreams: upstreamsAt(upstream.url), routes: MATRIX_ROUTES }),
      );
      const client = new Ollama({ host: gateway.url });
      const { model, id } = caseModel("openai");
      let text = "";
      for await (const part of await client.generate({
        model,
        prompt: "Weather in Berlin?",
        system: "Be brief",
        stream: true,
      })) {
        text += part.response;
      }
      expect(text).toBe(ANSWER_TEXT);
      const sent = upstream.requests.get(id)?.body as {
        messages: { role: string; content: unknown }[];
      };
      expect(sent.messages.map((message) => message.role)).toEqual(["system", "user"]);
      const whole = await client.generate({
        model: caseModel("openai").model,
        prompt: "again",
        stream: false,
      });
      expect(whole.response).toBe(ANSWER_TEXT);
      expect(whole.done).toBe(true);
    },
  );
});

it("knows every front's dialect", () => {
  for (const name of ["openai", "anthropic", "responses", "gemini", "ollama"])
    expect(dialectNamed(name).name).toBe(name);
});

describe("tool-call arguments between whole-call dialects (Gemini, Ollama) and the others", () => {
  it("reach an openai client with every digit, from Gemini and from Ollama", async () => {
    const args = '{"order":12345678901234567890,"scale":1e400}';
    const bodies: Record<string, string> = {
      gemini: `data: {"candidates":[{"content":{"parts":[{"functionCall":{"name":"find","args":${args}}}],"role":"model"},"finishReason":"STOP","index":0}]}\r\n\r\n`,
      ollama: `{"model":"m","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"find","arguments":${args}}}]},"done":false}\n{"model":"m","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}\n`,
    };
    const server = createServer((request, response) => {
      request.resume();
      const dialect = request.url?.startsWith("/gemini") ? "gemini" : "ollama";
      response.writeHead(200, {
        "content-type": dialect === "gemini" ? "text/event-stream" : "application/x-ndjson",
      });
      response.end(bodies[dialect]);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const gateway = await serve(
        createGatewayHandler({
          upstreams: (["gemini", "ollama"] as const).map((name) => ({
            name,
            dialect: dialectNamed(name),
            baseUrl: `${url}/${name}`,
          })),
          routes: [
            { prefix: "gemini.", upstream: "gemini" },
            { prefix: "ollama.", upstream: "ollama" },
          ],
        }),
      );
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "k", maxRetries: 0 });
      for (const upstreamName of ["gemini", "ollama"]) {
        const stream = await client.chat.completions.create({
          model: `${upstreamName}.m`,
          messages: [{ role: "user", content: "find it" }],
          stream: true,
        });
        let received = "";
        for await (const chunk of stream)
          received += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "";
        expect(received, upstreamName).toBe(args);
      }
    } finally {
      server.close();
    }
  });

  it("reach Gemini and Ollama clients with every digit, from OpenAI", async () => {
    const chunk = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const call = (args: string) => ({ tool_calls: [{ index: 0, function: { arguments: args } }] });
    const body = [
      chunk({
        role: "assistant",
        tool_calls: [
          { index: 0, id: "call_1", type: "function", function: { name: "find", arguments: "" } },
        ],
      }),
      chunk(call('{"order": 1234567890')),
      chunk(call('1234567890,\n "scale": 1e400}')),
      chunk({}, "tool_calls"),
      "data: [DONE]\n\n",
    ].join("");
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(body);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const gateway = await serve(
        createGatewayHandler({
          upstreams: [
            {
              name: "openai",
              dialect: dialectNamed("openai"),
              baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
            },
          ],
        }),
      );
      const written = '{"order":12345678901234567890,"scale":1e400}';
      const gemini = await fetch(`${gateway.url}/v1beta/models/m:streamGenerateContent?alt=sse`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "find it" }] }] }),
      });
      expect(await gemini.text()).toContain(`"args":${written}`);
      const ollama = await fetch(`${gateway.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "find it" }] }),
      });
      expect(await ollama.text()).toContain(`"arguments":${written}`);
      // Answers with stream: false too: Gemini's `args`, Ollama's `arguments`, Anthropic's `input`.
      const post = (path: string, body: object) =>
        fetch(`${gateway.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
          body: JSON.stringify(body),
        }).then((response) => response.text());
      const user = "find it";
      expect(
        await post("/v1beta/models/m:generateContent", {
          contents: [{ role: "user", parts: [{ text: user }] }],
        }),
      ).toContain(`"args":${written}`);
      expect(
        await post("/api/chat", {
          model: "m",
          messages: [{ role: "user", content: user }],
          stream: false,
        }),
      ).toContain(`"arguments":${written}`);
      expect(
        await post("/v1/messages", {
          model: "m",
          max_tokens: 100,
          messages: [{ role: "user", content: user }],
        }),
      ).toContain(`"input":${written}`);
      // And the ollama client reads that line (its JSON.parse has the digits it can hold).
      const client = new Ollama({ host: gateway.url });
      const stream = await client.chat({
        model: "m",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      });
      let order: unknown;
      for await (const part of stream)
        order ??= part.message.tool_calls?.[0]?.function.arguments.order;
      expect(order).toBe(Number("12345678901234567890"));
    } finally {
      server.close();
    }
  });
});
