/**
 * The Worker the driver runs in workerd: `GET /suite` runs the portable suite; any other request
 * goes to the proxy's Fetch handler, whose upstream is the `UPSTREAM` service (see
 * upstream-worker.ts) and whose key comes from the Worker's `env`, as on Cloudflare.
 */
import { anthropic } from "@sse-dialects/anthropic";
import { createProxyHandler, type FetchHandler } from "@sse-dialects/proxy";
import { runPortableSuite } from "./portable-suite.js";

interface Env {
  UPSTREAM_API_KEY: string;
  UPSTREAM: { fetch: typeof fetch };
}

// `env` is only known at the first request; the handler reads the key once, when made.
let proxy: FetchHandler | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (new URL(request.url).pathname === "/suite") {
      return Response.json(await runPortableSuite());
    }
    proxy ??= createProxyHandler({
      upstream: "https://upstream.invalid/v1/messages",
      from: anthropic,
      apiKeyEnv: "UPSTREAM_API_KEY",
      env: { UPSTREAM_API_KEY: env.UPSTREAM_API_KEY },
      fetch: (input, init) => env.UPSTREAM.fetch(input, init),
    });
    return proxy(request);
  },
};
