import type { MiddlewareHandler } from "hono";
import { createProxyHandler, type ProxyConfig } from "./create-proxy-handler.js";

/**
 * The proxy as a Hono middleware: the route decides where it is served, and the request goes
 * to the Fetch-API handler as is (`c.req.raw`, whose signal aborts the upstream when the client
 * goes away). Requests other than POST go on to the next handler.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { elumenta } from "@sse-dialects/elumenta";
 * import { openAIProxy } from "@sse-dialects/proxy";
 *
 * const app = new Hono();
 * app.post("/v1/chat/completions", openAIProxy({
 *   upstream: "https://elumenta.ru/api/v2/generate",
 *   from: elumenta,
 *   apiKeyEnv: "ELUMENTA_API_KEY",
 * }));
 * export default app;
 * ```
 */
export function openAIProxy(config: Omit<ProxyConfig, "path">): MiddlewareHandler {
  const handler = createProxyHandler({ ...config, path: null });
  return async (c, next) => {
    if (c.req.method !== "POST") {
      await next();
      return;
    }
    return handler(c.req.raw);
  };
}
