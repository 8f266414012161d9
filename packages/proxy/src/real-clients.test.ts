import { createOpenAI } from "@ai-sdk/openai";
import { elumenta } from "@sse-dialects/elumenta";
import { streamText } from "ai";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { createNormalizingFetch } from "./create-normalizing-fetch.js";
import { type ProxyFixture, startProxy } from "./test-support/proxy-fixture.js";
import { startUpstream, type Upstream } from "./test-support/serve-upstream.js";

/*
 * End to end: the official `openai` SDK and the Vercel AI SDK, unchanged, as clients of the
 * proxy and of the normalizing fetch, with a real HTTP upstream speaking Elumenta (seed 004's
 * stream, served at Elumenta's own path). Both must see the text, finish and usage the
 * upstream sent; Elumenta reports usage as billing (`tokens_used`, `balance_remaining`), which
 * reaches OpenAI clients as a chunk's `billing`, beside no `usage` (no token counts to invent).
 */

const TEXT = "Here are the numbers";
const BILLING = { tokens_used: 3, balance_remaining: 297 };
const messages = [{ role: "user" as const, content: "Count to 10 slowly" }];

let proxy: ProxyFixture | undefined;
let upstream: Upstream | undefined;
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

async function viaOpenAI(client: OpenAI) {
  const stream = await client.chat.completions.create({ model: "gpt-5", messages, stream: true });
  let text = "";
  let finish: string | null = null;
  let usage: unknown;
  let billing: unknown;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const extra = chunk as unknown as { billing?: unknown };
    if (extra.billing !== undefined) billing = extra.billing;
    for (const choice of chunk.choices) {
      text += choice.delta.content ?? "";
      finish = choice.finish_reason ?? finish;
    }
  }
  const whole = await client.chat.completions.create({ model: "gpt-5", messages });
  return { text, finish, usage, billing, whole };
}

async function viaVercel(fetchImpl: typeof fetch | undefined, baseURL: string) {
  const provider = createOpenAI({
    baseURL,
    apiKey: "client-key",
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
  });
  const result = streamText({
    model: provider.chat("gpt-5"),
    prompt: "Count to 10 slowly",
    maxRetries: 0,
  });
  const [text, finish, usage, metadata] = await Promise.all([
    result.text,
    result.finishReason,
    result.usage,
    result.providerMetadata,
  ]);
  return { text, finish, usage, metadata };
}

describe("real clients", () => {
  it("the openai SDK reads the proxy in front of an Elumenta upstream", async () => {
    proxy = await startProxy("/api/v2/generate");
    const client = new OpenAI({ baseURL: `${proxy.root}/v1`, apiKey: "client-key", maxRetries: 0 });
    const seen = await viaOpenAI(client);
    expect(seen.text).toBe(TEXT);
    expect(seen.finish).toBe("stop");
    expect(seen.usage).toBeUndefined();
    expect(seen.billing).toEqual(BILLING);
    expect(seen.whole.choices[0]?.message.content).toBe(TEXT);
    expect(seen.whole.choices[0]?.finish_reason).toBe("stop");
    expect((seen.whole as unknown as { billing: unknown }).billing).toEqual(BILLING);
    expect(proxy.upstream.requests.map((r) => r.path)).toEqual([
      "/api/v2/generate",
      "/api/v2/generate",
    ]);
  });

  it("the Vercel AI SDK reads the proxy in front of an Elumenta upstream", async () => {
    proxy = await startProxy("/api/v2/generate");
    const seen = await viaVercel(undefined, `${proxy.root}/v1`);
    expect(seen.text).toBe(TEXT);
    expect(seen.finish).toBe("stop");
    // Elumenta reports no token counts, only billing, which the AI SDK's usage schema drops.
    expect([seen.usage.inputTokens ?? 0, seen.usage.outputTokens ?? 0]).toEqual([0, 0]);
  });

  it("the openai SDK talks to an Elumenta server through the normalizing fetch", async () => {
    upstream = await startUpstream();
    const client = new OpenAI({
      baseURL: `${upstream.url}/api/v2`,
      apiKey: "nb_client_key_123456",
      maxRetries: 0,
      fetch: createNormalizingFetch({ from: elumenta }),
    });
    const seen = await viaOpenAI(client);
    expect(seen.text).toBe(TEXT);
    expect(seen.finish).toBe("stop");
    expect(seen.usage).toBeUndefined();
    expect(seen.billing).toEqual(BILLING);
    expect(seen.whole.choices[0]?.message.content).toBe(TEXT);
    const request = upstream.requests[0]!;
    expect(request.path).toBe("/api/v2/generate");
    expect(JSON.parse(request.body)).toEqual({ model: "gpt-5", messages, stream: true });
    // The key the client holds is the provider's: it goes through, as with any fetch.
    expect(request.headers.authorization).toBe("Bearer nb_client_key_123456");
  });

  it("the Vercel AI SDK talks to an Elumenta server through the normalizing fetch", async () => {
    upstream = await startUpstream();
    const seen = await viaVercel(
      createNormalizingFetch({ from: elumenta }),
      `${upstream.url}/api/v2`,
    );
    expect(seen.text).toBe(TEXT);
    expect(seen.finish).toBe("stop");
    expect([seen.usage.inputTokens ?? 0, seen.usage.outputTokens ?? 0]).toEqual([0, 0]);
    expect(upstream.requests[0]?.path).toBe("/api/v2/generate");
  });

  it("an upstream failure mid-stream makes the openai SDK throw through the proxy", async () => {
    proxy = await startProxy("/die/3");
    const client = new OpenAI({ baseURL: `${proxy.root}/v1`, apiKey: "k", maxRetries: 0 });
    await expect(viaOpenAI(client)).rejects.toThrow();
  });

  it("an upstream error status reaches the openai SDK as an APIError with that status", async () => {
    proxy = await startProxy("/status/429");
    const client = new OpenAI({ baseURL: `${proxy.root}/v1`, apiKey: "k", maxRetries: 0 });
    const error = await viaOpenAI(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    expect((error as Error).message).toContain("Too many requests, slow down");
  });
});
