import type { GatewayRouting, GatewayUpstream } from "./gateway-config.js";

/** Where one request goes: the upstream, and the model it is asked for. */
export interface RoutedModel {
  upstream: GatewayUpstream;
  /** The route's `upstreamModel`, else the client's model (undefined when it named none). */
  model: string | undefined;
}

/**
 * The upstream serving `model`: the first route whose exact `model` equals it or whose `prefix`
 * starts it; with no routes configured, the only upstream. Undefined when nothing matches, or
 * when several upstreams and no routes leave the choice open.
 *
 * @example
 * ```ts
 * routeModel({ upstreams, routes: [{ prefix: "claude-", upstream: "anthropic" }] }, "claude-sonnet-4-5");
 * // { upstream: { name: "anthropic", … }, model: "claude-sonnet-4-5" }
 * ```
 */
export function routeModel(
  routing: GatewayRouting,
  model: string | undefined,
): RoutedModel | undefined {
  const routes = routing.routes ?? [];
  if (routes.length === 0) {
    const only = routing.upstreams.length === 1 ? routing.upstreams[0] : undefined;
    return only === undefined ? undefined : { upstream: only, model };
  }
  if (model === undefined) return undefined;
  for (const route of routes) {
    const matches = "model" in route ? route.model === model : model.startsWith(route.prefix);
    if (!matches) continue;
    const upstream = routing.upstreams.find((candidate) => candidate.name === route.upstream);
    if (upstream === undefined) return undefined;
    return { upstream, model: route.upstreamModel ?? model };
  }
  return undefined;
}

/**
 * The model names the configuration names exactly, in route order (for `GET /v1/models` and
 * `GET /api/tags`): prefixes cannot be listed, so a gateway with only prefix routes lists none.
 */
export function listedModels(routing: GatewayRouting): string[] {
  const names: string[] = [];
  for (const route of routing.routes ?? []) {
    if ("model" in route && !names.includes(route.model)) names.push(route.model);
  }
  return names;
}
