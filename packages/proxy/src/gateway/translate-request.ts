import {
  type AnyDialect,
  type JsonObject,
  type JsonValue,
  setOwn,
  type UpstreamRequest,
} from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import type { FrontRoute } from "./front.js";
import type { GatewayUpstream } from "./gateway-config.js";

/**
 * A dialect's request side, as the gateway uses it: the client's body → the normalized request
 * (`parse`), the normalized request → an upstream's request (`build`), an accumulated answer →
 * its non-streaming JSON (`toResponse`).
 */
export interface RequestSide {
  parse(body: JsonObject, route: FrontRoute): unknown;
  build(request: never, upstream: { baseUrl: string; model: string }): UpstreamRequest;
  toResponse?(accumulated: never): JsonObject;
}

/** The request side of a dialect, when it has one. */
export function requestSideOf(dialect: AnyDialect): RequestSide | undefined {
  return (dialect as { requests?: RequestSide }).requests;
}

/** Why a request cannot go to an upstream: a field the target cannot take, or no mapping at all. */
export class TranslationError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  constructor(message: string, status: number, field?: string) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

/** The upstream's request dialect: `"auto"` upstreams are sent OpenAI's request. */
export function requestDialectOf(upstream: GatewayUpstream): AnyDialect {
  return upstream.dialect === "auto" ? openai : upstream.dialect;
}

/** Stream fields a passthrough takes from the dialect's own upstream request. */
const STREAM_FIELDS = ["stream", "stream_options"] as const;

/**
 * The request sent to `upstream` for a client's `body` on a front speaking `frontDialect`:
 *
 * - same dialect (passthrough): the client's body unchanged except the configured model (when
 *   the body names one) and the fields that make the upstream stream (`stream`,
 *   `stream_options`) as the dialect's own request sets them; the URL is the dialect's;
 * - otherwise the front dialect's `parse` → normalized request → the upstream dialect's `build`;
 * - an OpenAI chat front over a dialect with a legacy `mapRequest` uses it.
 *
 * Throws {@link TranslationError} (or the request model's own 400) when it cannot.
 */
export function translateRequest(
  frontDialect: AnyDialect,
  body: JsonObject,
  route: FrontRoute,
  upstream: GatewayUpstream,
  model: string | undefined,
): UpstreamRequest {
  const target = requestDialectOf(upstream);
  const built = buildWith(frontDialect, target, body, route, upstream, model);
  if (target.name !== frontDialect.name) return built;
  const passthrough: JsonObject = { ...body };
  if (model !== undefined && "model" in body) setOwn(passthrough, "model", model);
  for (const field of STREAM_FIELDS) {
    const value = built.body[field] as JsonValue | undefined;
    if (value !== undefined) setOwn(passthrough, field, value);
  }
  return { url: built.url, body: passthrough };
}

function buildWith(
  frontDialect: AnyDialect,
  target: AnyDialect,
  body: JsonObject,
  route: FrontRoute,
  upstream: GatewayUpstream,
  model: string | undefined,
): UpstreamRequest {
  const from = requestSideOf(frontDialect);
  const to = requestSideOf(target);
  const base = upstream.baseUrl ?? "";
  if (from !== undefined && to !== undefined) {
    const request = from.parse(body, route);
    const built = to.build(request as never, { baseUrl: base, model: model ?? "" });
    return upstream.endpoint === undefined ? built : { url: upstream.endpoint, body: built.body };
  }
  // The request mappers from OpenAI chat that every dialect carried before the request model.
  if (frontDialect.name === openai.name && target.mapRequest !== undefined) {
    const request = model === undefined ? body : { ...body, model };
    return upstream.endpoint === undefined
      ? target.mapRequest(request, `${base}/chat/completions`, false)
      : target.mapRequest(request, upstream.endpoint, true);
  }
  throw new TranslationError(
    `This gateway cannot translate a ${frontDialect.name} request to the ${target.name} upstream "${upstream.name}"`,
    501,
  );
}
