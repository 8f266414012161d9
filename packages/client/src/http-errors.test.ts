import { closedPort } from "@sse-dialects/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError } from "./http-error.js";
import { openStream } from "./open-stream.js";
import { parseProviderError, parseRetryAfter } from "./read-http-error.js";
import { startTestServer, type TestServer } from "./test-support/serve-streams.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const cases = [
  {
    dialect: "openai",
    status: 401,
    kind: "authentication",
    providerMessage: "Incorrect API key provided: sk-abc***",
    providerCode: "invalid_api_key",
    providerType: "invalid_request_error",
  },
  {
    dialect: "openai",
    status: 429,
    kind: "rate-limit",
    providerMessage: "Rate limit reached for gpt-4o",
    providerCode: "rate_limit_exceeded",
    providerType: "requests",
  },
  {
    dialect: "openai",
    status: 500,
    kind: "server",
    providerMessage: "The server had an error",
    providerCode: undefined,
    providerType: "server_error",
  },
  { dialect: "elumenta", status: 401, kind: "authentication", providerMessage: "Invalid API key" },
  {
    dialect: "elumenta",
    status: 429,
    kind: "rate-limit",
    providerMessage: "Too many requests, slow down",
  },
  { dialect: "elumenta", status: 500, kind: "server", providerMessage: "Internal server error" },
] as const;

describe.each(cases)("HTTP $status with the $dialect error body", (c) => {
  it(`rejects with a typed ${c.kind} error carrying the status and the provider's message`, async () => {
    const error = await openStream(fetch(`${server.url}/status/${c.status}/${c.dialect}`)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    const http = error as HttpError;
    expect(http).toMatchObject({
      code: "http-error",
      kind: c.kind,
      status: c.status,
      providerMessage: c.providerMessage,
      providerCode: "providerCode" in c ? c.providerCode : undefined,
      providerType: "providerType" in c ? c.providerType : undefined,
      retryAfterMs: c.status === 429 ? 2000 : undefined,
    });
    expect(http.message).toContain(String(c.status));
    expect(http.message).toContain(c.providerMessage);
    expect(http.event).toMatchObject({
      type: "error",
      code: "http-error",
      data: { status: c.status },
    });
  });
});

it("a response passed after fetch resolved is checked the same way", async () => {
  const response = await fetch(`${server.url}/status/429/elumenta`);
  await expect(openStream(response)).rejects.toMatchObject({
    kind: "rate-limit",
    providerMessage: "Too many requests, slow down",
  });
});

it("a fetch that cannot connect rejects with a network error", async () => {
  const port = await closedPort();
  const error = await openStream(fetch(`http://127.0.0.1:${port}/`)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  expect(error).toMatchObject({ code: "network-error", kind: "network", status: undefined });
  expect((error as HttpError).message).toMatch(/ECONNREFUSED/);
});

describe("parseProviderError", () => {
  it("reads every error body shape in use", () => {
    expect(parseProviderError({ error: { message: "m", type: "t", code: "c" } })).toEqual({
      message: "m",
      type: "t",
      code: "c",
    });
    expect(parseProviderError({ error: "m" }).message).toBe("m");
    expect(parseProviderError({ message: "m", code: 42 })).toEqual({
      message: "m",
      code: "42",
      type: undefined,
    });
    expect(parseProviderError({ detail: "m" }).message).toBe("m");
    expect(parseProviderError("  upstream timed out \n").message).toBe("upstream timed out");
    expect(parseProviderError({ unrelated: true }).message).toBeUndefined();
    expect(parseProviderError("").message).toBeUndefined();
  });

  it("reads Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.UTC(2015, 9, 21, 7, 28, 0))).toBe(
      10_000,
    );
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
