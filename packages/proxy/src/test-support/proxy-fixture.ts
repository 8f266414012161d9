import {
  type AccumulatedMessage,
  accumulate,
  decodeAll,
  type StreamEvent,
} from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { openai } from "@sse-dialects/openai";
import { createProxyHandler, type ProxyConfig } from "../create-proxy-handler.js";
import type { ProxyServerOptions } from "../create-proxy-server.js";
import { serveHandler } from "./serve-handler.js";
import { startUpstream, type Upstream } from "./serve-upstream.js";

/** A test upstream and a proxy in front of it, both on real loopback HTTP. */
export interface ProxyFixture {
  upstream: Upstream;
  /** The proxy's chat-completions URL. */
  endpoint: string;
  /** The proxy's root, for SDK `baseURL`s (`<root>/v1`). */
  root: string;
  /** The proxy's port on 127.0.0.1, for raw sockets. */
  port: number;
  close(): Promise<void>;
}

/** Starts an upstream and a proxy whose configured endpoint is `path` on it. */
export async function startProxy(
  path: string,
  config: Partial<ProxyConfig> = {},
  server: ProxyServerOptions = {},
): Promise<ProxyFixture> {
  const upstream = await startUpstream();
  const handler = createProxyHandler({
    upstream: `${upstream.url}${path}`,
    from: elumenta,
    ...config,
  });
  const served = await serveHandler(handler, {
    ...(config.onLog === undefined ? {} : { onLog: config.onLog }),
    ...server,
  });
  return {
    upstream,
    endpoint: `${served.url}/v1/chat/completions`,
    root: served.url,
    port: served.port,
    async close() {
      await served.close();
      await upstream.close();
    },
  };
}

/** An OpenAI chat-completions request body. */
export function chatRequest(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    model: "gpt-5",
    messages: [{ role: "user", content: "Count to 10 slowly" }],
    stream: true,
    ...extra,
  });
}

/** POSTs a chat request to the proxy with fetch. */
export function post(url: string, body = chatRequest(), headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

/** What an OpenAI SSE body says: its events, the message they add up to, and the raw text. */
export function readOpenAI(text: string): {
  events: StreamEvent[];
  message: AccumulatedMessage;
  text: string;
} {
  const events = decodeAll(text, openai);
  return { events, message: accumulate(events), text };
}

/** What an Elumenta fixture adds up to, for comparison with what came through the proxy. */
export function elumentaMessage(bytes: Uint8Array): AccumulatedMessage {
  return accumulate(decodeAll(bytes, elumenta));
}
