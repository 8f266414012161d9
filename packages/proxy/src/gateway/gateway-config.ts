import type { AnyDialect } from "@sse-dialects/core";

/** One provider behind the gateway. */
export interface GatewayUpstream {
  /** What routes call it (`"openai"`, `"groq"`, `"claude"`); unique in the configuration. */
  name: string;
  /**
   * The dialect it speaks, or `"auto"`: the request goes as OpenAI chat completions and the
   * answer's dialect is detected from its content type and first events.
   */
  dialect: AnyDialect | "auto";
  /**
   * The API root the dialect's own path is added to, as its official SDK takes it as `baseURL`
   * (`https://api.openai.com/v1`, `https://api.anthropic.com`,
   * `https://generativelanguage.googleapis.com`, `http://127.0.0.1:11434`). Exactly one of
   * `baseUrl` and `endpoint`.
   */
  baseUrl?: string;
  /** The endpoint in full, sent every request whatever the model (the single-upstream shorthand). */
  endpoint?: string;
  /**
   * The environment variable holding its key, read per request (a Worker's `env` first), sent
   * the way the dialect expects (`Authorization: Bearer`, `x-api-key`, `x-goog-api-key`).
   */
  apiKeyEnv?: string;
}

/** Which upstream serves a model: an exact name or a prefix; the first route that matches wins. */
export type GatewayRoute = ({ model: string } | { prefix: string }) & {
  /** The `name` of an upstream. */
  upstream: string;
  /** The model the upstream is asked for in place of the client's (`"claude-sonnet-4-5"`). */
  upstreamModel?: string;
};

/** The upstreams and routing of the gateway: what `sse-dialects proxy --config FILE` reads. */
export interface GatewayRouting {
  upstreams: readonly GatewayUpstream[];
  /**
   * Model → upstream, first match wins. Without routes, a single upstream serves every model;
   * with several upstreams a model no route matches is refused (404 in the front's dialect).
   */
  routes?: readonly GatewayRoute[];
}
