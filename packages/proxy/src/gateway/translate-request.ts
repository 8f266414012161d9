import {
  type AnyDialect,
  type DialectRequests,
  type JsonObject,
  type JsonValue,
  type RequestRoute,
  setOwn,
  type UpstreamRequest,
  withToolCallIds,
} from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import type { GatewayUpstream } from "./gateway-config.js";

/** The request side of a dialect (`parse`, `build`, `toResponse`), when it has one. */
export function requestSideOf(dialect: AnyDialect): DialectRequests | undefined {
  return dialect.requests;
}

/** Why a request cannot go to an upstream at all (no mapping between the two dialects). */
export class TranslationError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
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
 * - same dialect (passthrough): the client's body unchanged except the routed model (when the
 *   body names one) and the fields that make the upstream stream (`stream`, `stream_options`)
 *   as the dialect's own builder sets them; URL and required headers are the builder's;
 * - otherwise the front dialect's `parse` → the normalized request → the upstream dialect's
 *   `build` (which lists what it left out in `dropped`);
 * - an OpenAI chat front over a dialect without `requests` uses its legacy `mapRequest`.
 *
 * Throws core's `RequestError` (400, naming the field) for what the target refuses, and
 * {@link TranslationError} (501) when the two dialects have no mapping.
 */
export function translateRequest(
  frontDialect: AnyDialect,
  body: JsonObject,
  route: RequestRoute,
  upstream: GatewayUpstream,
  model: string | undefined,
  mayPassThrough = true,
): UpstreamRequest {
  const target = requestDialectOf(upstream);
  const built = buildWith(frontDialect, target, body, route, upstream, model);
  const withEndpoint =
    upstream.endpoint === undefined ? built : { ...built, url: upstream.endpoint };
  if (!mayPassThrough || target.name !== frontDialect.name) return withEndpoint;
  const passthrough: JsonObject = { ...body };
  if (model !== undefined && "model" in body) setOwn(passthrough, "model", model);
  for (const field of STREAM_FIELDS) {
    const value = built.body[field] as JsonValue | undefined;
    if (value !== undefined) setOwn(passthrough, field, value);
  }
  const { dropped: _dropped, ...rest } = withEndpoint;
  // Nothing is dropped from a body passed through as sent.
  return { ...rest, body: passthrough };
}

function buildWith(
  frontDialect: AnyDialect,
  target: AnyDialect,
  body: JsonObject,
  route: RequestRoute,
  upstream: GatewayUpstream,
  model: string | undefined,
): UpstreamRequest {
  const from = frontDialect.requests;
  const to = target.requests;
  const base = upstream.baseUrl ?? "";
  if (from !== undefined && to !== undefined) {
    // Gemini and Ollama pair tool results with calls by name and order; the id-pairing
    // dialects need ids, which core derives the same way (a no-op when every part has one).
    const request = withToolCallIds(from.parse(body, route));
    return to.build(request, { baseUrl: base, model: model ?? request.model ?? "" });
  }
  // The request mappers from OpenAI chat that dialects carried before the request model.
  if (frontDialect.name === openai.name && target.mapRequest !== undefined) {
    const request = model === undefined ? body : { ...body, model };
    return upstream.endpoint === undefined
      ? target.mapRequest(request, `${base}/chat/completions`, false)
      : target.mapRequest(request, upstream.endpoint, true);
  }
  throw new TranslationError(
    `This gateway cannot translate a ${frontDialect.name} request for the ${target.name} upstream "${upstream.name}"`,
    501,
  );
}
