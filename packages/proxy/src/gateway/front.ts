import type { JsonObject, RequestRoute } from "@sse-dialects/core";

/** What the URL of a request says about it, beyond its body (core's `RequestRoute`). */
export type FrontRoute = RequestRoute;

/**
 * The gateway's own refusals, by meaning; each front writes them in its dialect's error shape
 * with the status given beside them.
 */
export type GatewayErrorKind =
  | "invalid_request"
  | "unauthorized"
  | "not_found"
  | "method_not_allowed"
  | "request_timeout"
  | "request_too_large"
  | "rate_limited"
  | "server_error"
  | "upstream_error"
  | "timeout"
  | "not_implemented";

/** One error, in a form every front can write. */
export interface FrontError {
  status: number;
  message: string;
  /** A literal code for the dialects with a code field (OpenAI's `error.code`). */
  code: string;
  /** The upstream's own type/code names, for a front of the upstream's dialect family. */
  upstreamType?: string | undefined;
  headers?: HeadersInit;
}

/**
 * One of the provider APIs the gateway serves: where it is, how its clients authenticate, what
 * they ask, and how its errors look. The stream and non-streaming shapes come from the dialect
 * named here (its encoder, its request mapping's `toResponse`).
 */
export interface Front {
  /** For logs: `openai-chat`, `anthropic-messages`, `responses`, `gemini`, `ollama-chat`, `ollama-generate`. */
  readonly name: string;
  /** The registry name of the dialect this front speaks. */
  readonly dialect: string;
  /** The route information of a POST to `pathname`, or undefined when this front does not serve it. */
  match(pathname: string): FrontRoute | undefined;
  /** The key the client presented, in this API's own header names. */
  clientKey(request: Request, url: URL): string | undefined;
  /** Whether the client asked for a stream. */
  stream(body: JsonObject, route: FrontRoute): boolean;
  /** The model the client asked for. */
  model(body: JsonObject, route: FrontRoute): string | undefined;
  /** A JSON error response as this API writes them, which its official client turns into its error class. */
  error(error: FrontError): Response;
}

/** `Authorization: Bearer <key>`, the scheme case-insensitive (RFC 9110 §11.1). */
export function bearerKey(request: Request): string | undefined {
  const value = request.headers.get("authorization");
  const match = value === null ? null : /^bearer\s+(.+)$/i.exec(value.trim());
  return match?.[1];
}

/** A JSON response with the given status and extra headers. */
export function jsonResponse(body: unknown, status: number, headers?: HeadersInit): Response {
  const out = new Headers(headers);
  out.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status, headers: out });
}

/** `body.model` when it is a non-empty string. */
export function modelOf(body: JsonObject): string | undefined {
  return typeof body.model === "string" && body.model !== "" ? body.model : undefined;
}
