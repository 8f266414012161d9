import { createProxyHandler, type ProxyConfig } from "./create-proxy-handler.js";
import { createGatewayHandler } from "./gateway/create-gateway-handler.js";
import { servesPath } from "./gateway/fronts/fronts.js";
import type { GatewayConfig } from "./gateway/gateway-options.js";
import type { ProxyEnv } from "./read-api-key.js";

/**
 * What the middleware reads of a Hono `Context`: the raw request and the runtime's bindings.
 * Structural, so that the package needs no `hono` types of its own: any Hono 4.x `Context` fits,
 * whatever the app's `Env` generics.
 */
export interface HonoContextLike {
  req: { raw: Request; method: string };
  env?: unknown;
}

/** A Hono middleware, as `app.post(path, …)` and `app.use(…)` take it. */
export type HonoMiddlewareLike = (
  c: HonoContextLike,
  next: () => Promise<void>,
) => Promise<Response | undefined>;

/**
 * The proxy as a Hono middleware: the route decides where it is served, and the request goes
 * to the Fetch-API handler as is (`c.req.raw`, whose signal aborts the upstream when the client
 * goes away), with `c.env` (a Worker's bindings) as the request's environment, where the key
 * variable is looked up first. Requests other than POST go on to the next handler.
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
export function openAIProxy(config: Omit<ProxyConfig, "path">): HonoMiddlewareLike {
  const handler = createProxyHandler({ ...config, path: null });
  return async (c, next) => {
    if (c.req.method !== "POST") {
      await next();
      return undefined;
    }
    return handler(c.req.raw, envOf(c.env));
  };
}

/**
 * The gateway as a Hono middleware: every path it serves (each provider API's routes, the model
 * lists, token counting) goes to {@link createGatewayHandler} with `c.env` as the request's
 * environment (a Worker's bindings, where key variables are looked up first); any other path
 * goes on to the next handler.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { openai } from "@sse-dialects/openai";
 * import { gatewayProxy } from "@sse-dialects/proxy";
 *
 * const app = new Hono();
 * app.get("/health", (c) => c.text("ok"));
 * app.use("*", gatewayProxy({
 *   upstreams: [{ name: "openai", dialect: openai, baseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY" }],
 * }));
 * export default app;
 * ```
 */
export function gatewayProxy(config: GatewayConfig): HonoMiddlewareLike {
  const handler = createGatewayHandler(config);
  return async (c, next) => {
    if (!servesPath(new URL(c.req.raw.url).pathname)) {
      await next();
      return undefined;
    }
    return handler(c.req.raw, envOf(c.env));
  };
}

/** The runtime's bindings when they are a plain record (Workers, Deno); Node's adapter passes its sockets. */
export function envOf(env: unknown): ProxyEnv | undefined {
  return typeof env === "object" && env !== null ? (env as ProxyEnv) : undefined;
}
