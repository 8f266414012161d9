import type { AnyDialect } from "@sse-dialects/core";
import { findDialect } from "@sse-dialects/registry";
import type { GatewayUpstream } from "../../gateway/gateway-config.js";
import type { FrontName } from "./front-clients.js";
import { UPSTREAM_DIALECTS, type UpstreamDialect } from "./serve-matrix-upstream.js";

/** The dialect each front speaks. */
export const FRONT_DIALECT: Record<FrontName, string> = {
  "openai-chat": "openai",
  responses: "responses",
  anthropic: "anthropic",
  gemini: "gemini",
  ollama: "ollama",
};

export function dialectNamed(name: string): AnyDialect {
  const found = findDialect(name);
  if (found === undefined) throw new Error(`no ${name} dialect`);
  return found;
}

/**
 * Whether the gateway can carry a request of `fromDialect` to `upstream`: both dialects have a
 * request side, or the front is OpenAI chat and the upstream still has its legacy mapper.
 */
export function translatable(fromDialect: string, upstream: string): boolean {
  const from = dialectNamed(fromDialect);
  const to = dialectNamed(upstream);
  if (from.requests !== undefined && to.requests !== undefined) return true;
  return from.name === "openai" && to.mapRequest !== undefined;
}

/** Whether a front of this dialect can answer `stream: false` (its non-streaming shape exists). */
export function collectable(fromDialect: string): boolean {
  const from = dialectNamed(fromDialect);
  return from.requests !== undefined || from.name === "openai";
}

/** The matrix upstream's dialects as gateway upstreams: API roots as each official SDK takes them. */
export function upstreamsAt(
  url: string,
  keys: Partial<Record<UpstreamDialect, string>> = {},
): GatewayUpstream[] {
  const roots: Record<UpstreamDialect, string> = {
    openai: `${url}/openai/v1`,
    anthropic: `${url}/anthropic`,
    responses: `${url}/responses/v1`,
    gemini: `${url}/gemini`,
    ollama: `${url}/ollama`,
  };
  return UPSTREAM_DIALECTS.map((name) => {
    const key = keys[name];
    return {
      name,
      dialect: dialectNamed(name),
      baseUrl: roots[name],
      ...(key === undefined ? {} : { apiKeyEnv: key }),
    };
  });
}

/** Routes `<dialect>.…` models to that dialect's upstream. */
export const MATRIX_ROUTES = UPSTREAM_DIALECTS.map((name) => ({
  prefix: `${name}.`,
  upstream: name,
}));
