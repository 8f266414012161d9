import { once } from "node:events";
import { connect } from "node:net";
import { closedPort, loadFixture } from "@sse-dialects/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  createProxyHandler,
  type ProxyConfig,
  type ProxyLogEntry,
} from "./create-proxy-handler.js";
import {
  chatRequest,
  elumentaMessage,
  type ProxyFixture,
  post,
  readOpenAI,
  startProxy,
} from "./test-support/proxy-fixture.js";

/*
 * Hostile upstreams and clients, each over real loopback HTTP (raw `node:net` sockets for the
 * clients that misbehave below HTTP). Every bound is asserted on what the proxy read or what the
 * client received, and every wait is on an event, with small configured timeouts where a
 * timeout is the thing under test.
 */

let fixture: ProxyFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** A key no key-shaped pattern matches: only verbatim redaction can hide it. */
const KEY = "Zq8xK2mP9vL4wR7tY6uI";
const env = { UPSTREAM_KEY: KEY };
const keyed = { apiKeyEnv: "UPSTREAM_KEY", env };

/** A fetch for the proxy's upstream that counts the body bytes the proxy pulls. */
function countingFetch() {
  const seen = { pulled: 0 };
  const fetchCounted: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const reader = response.body!.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          seen.pulled += value.byteLength;
          controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    return new Response(body, response);
  };
  return { seen, fetch: fetchCounted };
}

/** A raw connection to the proxy: what it sent back, and when the proxy closed it. */
function rawClient(port: number) {
  const socket = connect(port, "127.0.0.1");
  let received = "";
  socket.setEncoding("utf8");
  socket.on("data", (text: string) => {
    received += text;
  });
  socket.on("error", () => {});
  const closed = once(socket, "close").then(() => received);
  return { socket, closed, received: () => received };
}

/** The status and the OpenAI error of a raw HTTP response. */
function parseRaw(text: string): {
  status: number;
  headers: string;
  error: Record<string, unknown>;
} {
  const at = text.indexOf("\r\n\r\n");
  const head = text.slice(0, at);
  let body = text.slice(at + 4);
  if (/transfer-encoding: chunked/i.test(head)) {
    // Chunked: size line, data, CRLF, … until the zero-size chunk.
    let out = "";
    for (let rest = body; ; ) {
      const size = Number.parseInt(rest, 16);
      if (!(size > 0)) break;
      const start = rest.indexOf("\r\n") + 2;
      out += rest.slice(start, start + size);
      rest = rest.slice(start + size + 2);
    }
    body = out;
  }
  return {
    status: Number(head.split(" ")[1]),
    headers: head.toLowerCase(),
    error: (JSON.parse(body) as { error: Record<string, unknown> }).error,
  };
}

/** Polls for what the test cannot await (a request the upstream recorded); the test's timeout bounds it. */
async function waitFor(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("hostile upstreams: bounded reads", () => {
  it("reads at most maxErrorBodyBytes of a huge error body, and aborts the rest", async () => {
    const counter = countingFetch();
    const LIMIT = 64 * 1024;
    fixture = await startProxy(`/status-flood/500/${64 * 1024 * 1024}`, {
      fetch: counter.fetch,
      maxErrorBodyBytes: LIMIT,
    });
    const response = await post(fixture.endpoint);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe("upstream_error");
    expect(body.error.message).toMatch(/^e+$/);
    // The limit, plus at most one read (a fetch body chunk is at most 64 KiB).
    expect(counter.seen.pulled).toBeLessThanOrEqual(LIMIT + 64 * 1024);
    expect((await fixture.upstream.requests[0]!.closed).finished).toBe(false);
    expect(fixture.upstream.flood.finished).toBe(false);
  });

  it("stops a stream: false answer at maxCollectedBytes: 502, what came so far, upstream aborted", async () => {
    const counter = countingFetch();
    const LIMIT = 1024 * 1024;
    fixture = await startProxy(`/flood/${32 * 1024 * 1024}`, {
      fetch: counter.fetch,
      maxCollectedBytes: LIMIT,
    });
    const response = await post(fixture.endpoint, chatRequest({ stream: false }));
    expect(response.status).toBe(502);
    const completion = (await response.json()) as {
      choices: { message: { content: string } }[];
      error: { code: string; type: string };
    };
    expect(completion.error).toMatchObject({ code: "response_too_large", type: "upstream_error" });
    const content = completion.choices[0]!.message.content;
    expect(content.length).toBeGreaterThan(0);
    expect(content).toMatch(/^x+$/);
    expect(counter.seen.pulled).toBeLessThanOrEqual(LIMIT + 64 * 1024);
    expect((await fixture.upstream.requests[0]!.closed).finished).toBe(false);
  });

  it("collects an answer of exactly maxCollectedBytes, and refuses one byte less", async () => {
    const plain = loadFixture("elumenta", "plain").bytes;
    fixture = await startProxy("/fixture/elumenta/plain", { maxCollectedBytes: plain.length });
    const whole = await post(fixture.endpoint, chatRequest({ stream: false }));
    expect(whole.status).toBe(200);
    const text = elumentaMessage(plain).choices[0]!.text;
    expect(
      ((await whole.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message
        .content,
    ).toBe(text);
    await fixture.close();

    fixture = await startProxy("/fixture/elumenta/plain", { maxCollectedBytes: plain.length - 1 });
    const cut = await post(fixture.endpoint, chatRequest({ stream: false }));
    expect(cut.status).toBe(502);
    const partial = (await cut.json()) as {
      choices: { message: { content: string | null } }[];
      error: { code: string };
    };
    expect(partial.error.code).toBe("response_too_large");
    expect(text.startsWith(partial.choices[0]?.message.content ?? "")).toBe(true);
  });

  it("gives up on an error body that stalls after idleTimeoutMs, and aborts the upstream", async () => {
    fixture = await startProxy("/status-hang/503", { idleTimeoutMs: 200 });
    const response = await post(fixture.endpoint);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
      "upstream_error",
    );
    expect((await fixture.upstream.requests[0]!.closed).finished).toBe(false);
  });
});

describe("secrets never reach the client", () => {
  it("redacts the key an upstream echoes in a stream: content, invalid-event data, error", async () => {
    const entries: ProxyLogEntry[] = [];
    fixture = await startProxy("/echo-key", { ...keyed, onLog: (entry) => entries.push(entry) });
    const response = await post(fixture.endpoint);
    const text = await response.text();
    // The upstream did see the key, and did echo it.
    expect(fixture.upstream.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(text).not.toContain(KEY);
    const { events, message } = readOpenAI(text);
    expect(message.choices[0]?.text).toBe("echo [redacted]");
    const errors = events.filter((event) => event.type === "error");
    expect(errors.map((error) => error.code)).toEqual(["invalid-event", "provider-error"]);
    expect(JSON.stringify(errors)).toContain("[redacted]");
    expect(JSON.stringify(entries)).not.toContain(KEY);
  });

  it("redacts it from a collected answer", async () => {
    fixture = await startProxy("/echo-key", keyed);
    const response = await post(fixture.endpoint, chatRequest({ stream: false }));
    const text = await response.text();
    expect(text).not.toContain(KEY);
    expect(text).toContain("echo [redacted]");
  });

  it("redacts it from a non-2xx answer's message, type, code and Retry-After", async () => {
    const entries: ProxyLogEntry[] = [];
    fixture = await startProxy("/echo-key-status/403", {
      ...keyed,
      onLog: (entry) => entries.push(entry),
    });
    const response = await post(fixture.endpoint);
    expect(response.status).toBe(403);
    expect(response.headers.get("retry-after")).toBeNull();
    const text = await response.text();
    expect(JSON.stringify([...response.headers])).not.toContain(KEY);
    expect(text).not.toContain(KEY);
    expect(JSON.parse(text)).toEqual({
      error: {
        message: "Your key [redacted] is not valid",
        type: "[redacted]",
        code: "[redacted]",
      },
    });
    expect(JSON.stringify(entries)).not.toContain(KEY);
  });

  it("refuses an upstream URL with credentials at start-up, without repeating them", () => {
    const make = () =>
      createProxyHandler({ upstream: "http://user:hunter2-secret@127.0.0.1:9/x", from: "auto" });
    expect(make).toThrow(/must not carry credentials/);
    try {
      make();
    } catch (error) {
      expect(String(error)).not.toContain("hunter2-secret");
    }
  });

  it("redacts a key given in the upstream URL's query wherever it is echoed", async () => {
    const secret = "AIzaQueryKey-1234567";
    fixture = await startProxy(`/echo-key-status/401?key=${secret}`, {
      // The upstream echoes its Authorization: send it the query key there too.
      env: { Q: secret },
      apiKeyEnv: "Q",
    });
    const text = await (await post(fixture.endpoint)).text();
    expect(text).not.toContain(secret);
  });
});

describe("hostile clients: bounded waits", () => {
  it("answers a body dripping one byte at a time with 408 at requestBodyTimeoutMs, and closes", async () => {
    fixture = await startProxy("/fixture/elumenta/plain", { requestBodyTimeoutMs: 200 });
    const client = rawClient(fixture.port);
    client.socket.write(
      "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{",
    );
    // One byte every 20 ms: never idle, yet 100 000 bytes would take over half an hour.
    const drip = setInterval(() => {
      if (!client.socket.destroyed) client.socket.write(" ");
    }, 20);
    const received = await client.closed;
    clearInterval(drip);
    const answer = parseRaw(received);
    expect(answer.status).toBe(408);
    expect(answer.error).toMatchObject({ code: "request_timeout" });
    expect(answer.headers).toContain("connection: close");
    expect(fixture.upstream.requests.length).toBe(0);
  });

  it("answers headers that never end with 408 at headersTimeoutMs, and closes", async () => {
    fixture = await startProxy("/fixture/elumenta/plain", {}, { headersTimeoutMs: 200 });
    const client = rawClient(fixture.port);
    client.socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const answer = parseRaw(await client.closed);
    expect(answer.status).toBe(408);
    expect(answer.error).toMatchObject({ code: "request_timeout" });
  });

  it("serves maxConnections connections at once and answers one more with 503", async () => {
    fixture = await startProxy("/fixture/elumenta/plain", {}, { maxConnections: 2 });
    const held = [rawClient(fixture.port), rawClient(fixture.port)];
    await Promise.all(held.map((client) => once(client.socket, "connect")));
    const extra = rawClient(fixture.port);
    const answer = parseRaw(await extra.closed);
    expect(answer.status).toBe(503);
    expect(answer.error).toMatchObject({ code: "too_many_connections" });
    expect(answer.headers).toContain("retry-after: 1");
    // The connections within the limit are served.
    held[1]!.socket.write(
      "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
    );
    expect(parseRaw(await held[1]!.closed).status).toBe(400);
    // Once one closes, a new one is served too.
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const response = await post(fixture.endpoint, chatRequest(), { connection: "close" });
    expect(response.status).toBe(200);
    await response.text();
  });

  it("drops a client that reads nothing for the idle timeout, and aborts the upstream", async () => {
    fixture = await startProxy(`/flood/${256 * 1024 * 1024}`, {}, { idleTimeoutMs: 200 });
    const client = rawClient(fixture.port);
    client.socket.pause();
    client.socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(chatRequest())}\r\n\r\n${chatRequest()}`,
    );
    await waitFor(() => fixture!.upstream.requests.length === 1);
    expect((await fixture.upstream.requests[0]!.closed).finished).toBe(false);
    expect(fixture.upstream.flood.finished).toBe(false);
    // The proxy dropped the client: reading again gets what was in flight, then the end.
    client.socket.resume();
    const received = await client.closed;
    expect(received.length).toBeLessThan(16 * 1024 * 1024);
  });
});

describe("requests the Fetch API cannot carry, and other small ones", () => {
  it("answers a request body nested past the JSON depth limit with 400, not a 502", async () => {
    fixture = await startProxy("/fixture/elumenta/plain");
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const response = await post(
      fixture.endpoint,
      chatRequest({ metadata: "x" }).replace('"x"', deep),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_body" } });
    expect(fixture.upstream.requests).toHaveLength(0);
  });

  it("answers TRACE with 405 and a malformed Host with 400, and logs both", async () => {
    const entries: ProxyLogEntry[] = [];
    fixture = await startProxy("/fixture/elumenta/plain", {
      onLog: (entry) => entries.push(entry),
    });
    const trace = rawClient(fixture.port);
    trace.socket.write("TRACE /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const traced = parseRaw(await trace.closed);
    expect(traced.status).toBe(405);
    expect(traced.error).toMatchObject({ code: "method_not_allowed" });
    const host = rawClient(fixture.port);
    host.socket.write(
      "POST /v1/chat/completions HTTP/1.1\r\nHost: a b/c\r\ncontent-length: 0\r\n\r\n",
    );
    const hosted = parseRaw(await host.closed);
    expect(hosted.status).toBe(400);
    expect(hosted.error).toMatchObject({ code: "invalid_host" });
    expect(entries.map((entry) => [entry.method, entry.status])).toEqual([
      ["TRACE", 405],
      ["POST", 400],
    ]);
  });

  it("forwards no client credential, whatever its name, unless forwardAuthorization", async () => {
    const credentials = {
      "x-goog-api-key": "AIza-client",
      "anthropic-api-key": "sk-ant-client",
      "openai-organization": "org-client",
      "openai-project": "proj-client",
      "api-key": "azure-client",
      "x-custom-secret": "custom",
    };
    fixture = await startProxy("/fixture/elumenta/plain");
    await (await post(fixture.endpoint, chatRequest(), credentials)).text();
    const seen = fixture.upstream.requests[0]!.headers;
    for (const name of Object.keys(credentials)) expect(seen[name], name).toBeUndefined();
    await fixture.close();

    fixture = await startProxy("/fixture/elumenta/plain", { forwardAuthorization: true });
    await (await post(fixture.endpoint, chatRequest(), credentials)).text();
    const forwarded = fixture.upstream.requests[0]!.headers;
    expect(forwarded["x-goog-api-key"]).toBe("AIza-client");
    expect(forwarded["openai-organization"]).toBe("org-client");
    expect(forwarded["x-custom-secret"]).toBeUndefined();
  });

  it("refuses an upstream that is not http: or https: at start-up", () => {
    expect(() => createProxyHandler({ upstream: "ftp://127.0.0.1/x", from: "auto" })).toThrow(
      /http: or https:.*ftp:/,
    );
  });

  it("says why an unreachable upstream could not be reached: the cause and the host", async () => {
    const port = await closedPort();
    const config: Partial<ProxyConfig> = { upstream: `http://127.0.0.1:${port}/x`, ...keyed };
    fixture = await startProxy("/unused", config);
    const response = await post(fixture.endpoint);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe("network-error");
    expect(body.error.message).toContain("ECONNREFUSED");
    expect(body.error.message).toContain(`127.0.0.1:${port}`);
    expect(body.error.message).not.toContain(KEY);
  });
});
