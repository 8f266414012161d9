import { request as httpRequest } from "node:http";
import { loadFixture } from "@sse-dialects/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createProxyHandler, type ProxyLogEntry } from "./create-proxy-handler.js";
import {
  chatRequest,
  elumentaMessage,
  type ProxyFixture,
  post,
  readOpenAI,
  startProxy,
} from "./test-support/proxy-fixture.js";
import { startUpstream, type Upstream } from "./test-support/serve-upstream.js";

let fixture: ProxyFixture | undefined;
let upstreamServer: Upstream | undefined;
afterEach(async () => {
  await fixture?.close();
  await upstreamServer?.close();
  fixture = undefined;
  upstreamServer = undefined;
});

const KEY = "nb_test_key_0123456789";
const env = { ELUMENTA_KEY: KEY };

/** A raw HTTP request, so that any header can be sent (fetch refuses hop-by-hop ones). */
function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (piece: string) => {
        text += piece;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("createProxyHandler over HTTP", () => {
  it("streams an Elumenta upstream back as OpenAI SSE with the right headers", async () => {
    fixture = await startProxy("/fixture/elumenta/multibyte");
    const response = await post(fixture.endpoint);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const { message, text } = readOpenAI(await response.text());
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    const expected = elumentaMessage(loadFixture("elumenta", "multibyte").bytes);
    // The same text, role and finish (the raw finish value is OpenAI's now, not Elumenta's).
    expect(
      message.choices.map(({ text, role, finish }) => ({ text, role, reason: finish?.reason })),
    ).toEqual(
      expected.choices.map(({ text, role, finish }) => ({ text, role, reason: finish?.reason })),
    );
    expect(message.usage).toEqual(expected.usage);
    expect(message.end).toBe("done");
  });

  it("sends Elumenta its own request: the configured endpoint, model, messages, stream", async () => {
    fixture = await startProxy("/api/v2/generate", { apiKeyEnv: "ELUMENTA_KEY", env });
    const messages = [
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "Count " },
          { type: "text", text: "to 3" },
        ],
      },
    ];
    await (
      await post(fixture.endpoint, chatRequest({ messages, temperature: 0.2, stream: false }))
    ).text();
    const seen = fixture.upstream.requests[0]!;
    expect(seen.method).toBe("POST");
    expect(seen.path).toBe("/api/v2/generate");
    expect(JSON.parse(seen.body)).toEqual({
      model: "gpt-5",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Count to 3" },
      ],
      stream: true,
    });
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.headers.accept).toBe("text/event-stream");
  });

  it("answers stream: false with one chat.completion", async () => {
    fixture = await startProxy("/fixture/elumenta/plain");
    const response = await post(fixture.endpoint, chatRequest({ stream: false }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const completion = (await response.json()) as Record<string, unknown>;
    expect(completion).toMatchObject({
      id: "gen_01j9x2abc123",
      object: "chat.completion",
      model: "gpt-5",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Here are the numbers" },
          finish_reason: "stop",
        },
      ],
      billing: { tokens_used: 3, balance_remaining: 297 },
    });
    expect(completion.error).toBeUndefined();
  });

  it("answers stream: false from a failed stream with its partial completion and a 502", async () => {
    fixture = await startProxy("/fixture/elumenta/error-after-deltas");
    const response = await post(fixture.endpoint, chatRequest({ stream: false }));
    expect(response.status).toBe(502);
    const completion = (await response.json()) as {
      error: { message: string };
      choices: unknown[];
    };
    expect(completion.error.message).toBeTruthy();
    expect(completion.choices.length).toBe(1);
  });

  it("does not forward the client's Authorization, hop-by-hop headers or cookies", async () => {
    fixture = await startProxy("/fixture/elumenta/plain", { apiKeyEnv: "ELUMENTA_KEY", env });
    await rawPost(
      fixture.endpoint,
      {
        "content-type": "application/json",
        authorization: "Bearer client-secret-key",
        "x-api-key": "client-secret-key",
        cookie: "session=1",
        connection: "keep-alive, x-per-hop",
        "keep-alive": "timeout=5",
        "x-per-hop": "1",
        te: "trailers",
        "proxy-authorization": "Basic abc",
        upgrade: "websocket",
        "x-request-id": "req-42",
      },
      chatRequest(),
    );
    const headers = fixture.upstream.requests[0]!.headers;
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    for (const name of [
      "x-api-key",
      "cookie",
      "keep-alive",
      "x-per-hop",
      "te",
      "proxy-authorization",
      "upgrade",
    ]) {
      expect(headers[name], name).toBeUndefined();
    }
    // End-to-end headers do go through.
    expect(headers["x-request-id"]).toBe("req-42");
  });

  it("does not send any Authorization when no key is configured", async () => {
    fixture = await startProxy("/fixture/elumenta/plain");
    await (await post(fixture.endpoint, chatRequest(), { authorization: "Bearer client" })).text();
    expect(fixture.upstream.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("forwards the client's Authorization when configured to", async () => {
    fixture = await startProxy("/fixture/elumenta/plain", { forwardAuthorization: true });
    await (await post(fixture.endpoint, chatRequest(), { authorization: "Bearer client" })).text();
    expect(fixture.upstream.requests[0]!.headers.authorization).toBe("Bearer client");
  });

  it("does not pass the upstream's hop-by-hop response headers to the client", async () => {
    fixture = await startProxy("/fixture/elumenta/plain");
    const response = await rawPost(fixture.endpoint, {}, chatRequest());
    expect(response.status).toBe(200);
    expect(response.headers["keep-alive"]).not.toBe("timeout=77");
    expect(response.headers["proxy-authenticate"]).toBeUndefined();
  });

  it("refuses oversized bodies with 413, declared or chunked, without calling the upstream", async () => {
    fixture = await startProxy("/fixture/elumenta/plain", { maxBodyBytes: 1000 });
    const big = chatRequest({ messages: [{ role: "user", content: "x".repeat(5000) }] });
    const declared = await post(fixture.endpoint, big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({
      error: { type: "invalid_request_error", code: "request_too_large" },
    });
    // Chunked: no content-length, so the limit is enforced while reading.
    const chunked = await rawPost(fixture.endpoint, { "transfer-encoding": "chunked" }, big);
    expect(chunked.status).toBe(413);
    const small = await post(fixture.endpoint);
    expect(small.status).toBe(200);
    await small.text();
    expect(fixture.upstream.requests.length).toBe(1);
  });

  it("never shows the proxy's key to the client, even when the upstream quotes it", async () => {
    const entries: ProxyLogEntry[] = [];
    fixture = await startProxy("/status/401", {
      apiKeyEnv: "ELUMENTA_KEY",
      env,
      onLog: (entry) => entries.push(entry),
    });
    const response = await post(fixture.endpoint);
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(text).not.toContain(KEY);
    expect(JSON.parse(text)).toEqual({
      error: {
        message: "Invalid API key: Bearer [redacted]",
        type: "authentication_error",
        code: null,
      },
    });
    expect(JSON.stringify(entries)).not.toContain(KEY);
  });

  it("answers an upstream error status with an OpenAI error of the same status", async () => {
    fixture = await startProxy("/status/429", { apiKeyEnv: "ELUMENTA_KEY", env });
    const response = await post(fixture.endpoint);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toEqual({
      error: { message: "Too many requests, slow down", type: "rate_limit_error", code: null },
    });
  });

  it("refuses other paths, methods and bodies that are not chat requests", async () => {
    fixture = await startProxy("/fixture/elumenta/plain");
    expect((await fetch(`${fixture.root}/v1/models`)).status).toBe(404);
    expect((await fetch(fixture.endpoint)).status).toBe(405);
    expect((await post(fixture.endpoint, "{not json")).status).toBe(400);
    expect((await post(fixture.endpoint, JSON.stringify({ model: "m" }))).status).toBe(400);
    expect(fixture.upstream.requests.length).toBe(0);
  });

  it("logs one entry per request, with the dialect detected and keys redacted", async () => {
    const entries: ProxyLogEntry[] = [];
    fixture = await startProxy("/fixture/elumenta/plain", {
      from: "auto",
      onLog: (entry) => entries.push(entry),
    });
    await (await post(fixture.endpoint)).text();
    await (await post(fixture.endpoint, "{")).text();
    expect(entries).toMatchObject([
      {
        method: "POST",
        path: "/v1/chat/completions",
        status: 200,
        stream: true,
        dialect: "elumenta",
        events: loadFixture("elumenta", "plain").events!.length,
        end: "done",
        error: undefined,
      },
      { status: 400, events: 0, dialect: undefined },
    ]);
  });

  it("reads the key per request, so a handler made before its variable exists works (Workers)", async () => {
    const handler = createProxyHandler({
      upstream: "http://127.0.0.1:1",
      from: "auto",
      apiKeyEnv: "NOPE_NOT_SET",
    });
    const missing = await handler(
      new Request("http://proxy/v1/chat/completions", { method: "POST", body: "{}" }),
    );
    expect(missing.status).toBe(500);
    expect(await missing.json()).toMatchObject({
      error: { code: "missing_api_key", message: expect.stringContaining("NOPE_NOT_SET") },
    });
  });

  it("sends the key from the env given with the request", async () => {
    upstreamServer = await startUpstream();
    const handler = createProxyHandler({
      upstream: `${upstreamServer.url}/echo-key-status/401`,
      from: "auto",
      apiKeyEnv: "WORKER_KEY",
    });
    const response = await handler(
      new Request("http://proxy/v1/chat/completions", {
        method: "POST",
        body: chatRequest(),
      }),
      { WORKER_KEY: "worker-secret-123" },
    );
    expect(response.status).toBe(401);
    // The upstream echoed it; the proxy redacted it: the key was read from the request's env.
    expect(upstreamServer.requests.at(-1)?.headers.authorization).toBe("Bearer worker-secret-123");
    expect(await response.text()).not.toContain("worker-secret-123");
  });
});
