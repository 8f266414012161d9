import {
  type AnyDialect,
  type EndReason,
  isJsonObject,
  type JsonObject,
  MAX_JSON_DEPTH,
  nestsTooDeep,
  parseJson,
  type RequestMapper,
  SseDialectsError,
} from "@sse-dialects/core";
import type { OpenAIEncodeOptions } from "@sse-dialects/openai";
import { answerFromUpstream, statusOf } from "./answer-from-upstream.js";
import { checkUpstreamUrl } from "./check-upstream-url.js";
import { describeFetchFailure } from "./describe-fetch-failure.js";
import { forwardableHeaders } from "./filter-headers.js";
import { requestMapperFor } from "./map-request.js";
import {
  DEFAULT_MAX_ERROR_BODY_BYTES,
  openAIErrorResponse,
  toOpenAIErrorResponse,
} from "./openai-error-response.js";
import type { StreamSummary } from "./pump-events.js";
import { type ProxyEnv, readApiKey } from "./read-api-key.js";
import { readLimitedBody } from "./read-limited-body.js";
import { redactSecrets } from "./redact-secrets.js";

/**
 * A Fetch-API handler: what Hono, Bun, Deno, Cloudflare Workers and `toNodeListener` serve.
 * `env` is the runtime's environment for this request (a Worker's bindings), where key
 * variables are looked up first.
 */
export type FetchHandler = (request: Request, env?: ProxyEnv) => Promise<Response>;

/** The configuration of {@link createProxyHandler}. */
export interface ProxyConfig {
  /**
   * The upstream endpoint, in full (`https://elumenta.ru/api/v2/generate`). Never taken from the
   * client. Must be `http:` or `https:`, without `user:password@` (give the key with
   * `apiKeyEnv`); credential-like query parameters (`?key=…`) are redacted wherever echoed.
   */
  upstream: string | URL;
  /** The upstream's dialect, or `"auto"` to detect it from its answer (the request goes as OpenAI's). */
  from: AnyDialect | "auto";
  /** The dialects `"auto"` chooses among. Default: `dialects` of `@sse-dialects/registry`. */
  dialects?: readonly AnyDialect[];
  /**
   * The name of the environment variable holding the upstream's key, sent as
   * `Authorization: Bearer …`. Read on every request (see {@link readApiKey}): from the `env`
   * given with the request (a Worker's bindings), then `env`, then `process.env`. A request
   * arriving while it is unset gets 500 `missing_api_key` naming the variable (never a value).
   */
  apiKeyEnv?: string;
  /** Where `apiKeyEnv` is looked up after the request's own `env`. Default: `process.env` only. */
  env?: ProxyEnv;
  /**
   * Pass the client's own credentials (every header of `CREDENTIAL_HEADERS`: `Authorization`,
   * `api-key`, `x-api-key`, `x-goog-api-key`, `anthropic-api-key`, `openai-organization`,
   * `openai-project`) to the upstream. Default false: they authenticate the client to the proxy,
   * not to the provider. A configured key wins over a forwarded one.
   */
  forwardAuthorization?: boolean;
  /**
   * Client headers passed to the upstream beyond `FORWARDED_HEADERS` (`user-agent`,
   * `accept-language`, `x-request-id`, `x-correlation-id`, `traceparent`, `tracestate`).
   * Default: none. Hop-by-hop headers are never passed.
   */
  forwardHeaders?: readonly string[];
  /** The largest request body accepted; larger ones get 413 `request_too_large`. Default 4 MiB. */
  maxBodyBytes?: number;
  /**
   * The most time, in milliseconds, a request body may take to arrive, however it trickles in;
   * past it the client gets 408 `request_timeout` and the connection is closed. Default 30 000.
   */
  requestBodyTimeoutMs?: number;
  /**
   * The most bytes of an upstream's non-2xx body read to make the client's error; the rest is
   * never read (the upstream request is aborted). Default 64 KiB.
   */
  maxErrorBodyBytes?: number;
  /**
   * The most upstream bytes collected into one `stream: false` answer. Past it the upstream is
   * aborted and the client gets 502 with the completion so far and the error
   * `response_too_large`. Bounds the memory of each collected answer. Default 32 MiB.
   */
  maxCollectedBytes?: number;
  /**
   * Upstream silence, in milliseconds, that ends the request, on every upstream read: before
   * the response headers the client gets a 504 `timeout`, during the stream an OpenAI error
   * chunk and `[DONE]`, while reading a non-2xx body the upstream's status with what arrived;
   * either way the upstream request is aborted. Default 60 000; `0` turns it off.
   */
  idleTimeoutMs?: number;
  /** The path served. Default `/v1/chat/completions`; `null` serves any path (for routers). */
  path?: string | null;
  /** How the upstream request is made from the OpenAI one. Default: the dialect's mapper. */
  mapRequest?: RequestMapper;
  /** How the OpenAI chunks are written (usage placement, receipts, reasoning field). */
  encode?: OpenAIEncodeOptions;
  /** Largest upstream event accepted, in characters. */
  maxEventSize?: number;
  /** The fetch used for the upstream. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Called once per request when its answer is over (a stream: when it ended or was cancelled). */
  onLog?: (entry: ProxyLogEntry) => void;
}

/** One request, for the log. Error messages have keys redacted. */
export interface ProxyLogEntry {
  method: string;
  path: string;
  status: number;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** The upstream's dialect (the detected one with `"auto"`); undefined when no stream was read. */
  dialect: string | undefined;
  /** Normalized events decoded from the upstream. */
  events: number;
  durationMs: number;
  /** How the upstream stream ended, when one was read. */
  end: EndReason | undefined;
  /** What went wrong, if anything, with secrets removed. */
  error: string | undefined;
}

const DEFAULT_PATH = "/v1/chat/completions";
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT = 60_000;
const DEFAULT_BODY_TIMEOUT = 30_000;
const DEFAULT_MAX_COLLECTED = 32 * 1024 * 1024;

/**
 * An OpenAI-compatible endpoint in front of a provider of any dialect, as a Fetch-API handler:
 * `POST /v1/chat/completions` is translated to the upstream's request (endpoint and body), sent
 * with the configured key, and the answer streamed back as OpenAI SSE, or, for `stream: false`,
 * collected into one `chat.completion` JSON. The upstream's URL and key come from the
 * configuration only. Oversized bodies get 413; hop-by-hop headers, cookies and (unless
 * configured) the client's credentials are not forwarded; upstream silence ends both sides
 * after `idleTimeoutMs`; a client that goes away (`request.signal`, or cancelling the body)
 * aborts the upstream request.
 *
 * @example
 * ```ts
 * import { elumenta } from "@sse-dialects/elumenta";
 * import { createProxyHandler } from "@sse-dialects/proxy";
 *
 * const handler = createProxyHandler({
 *   upstream: "https://elumenta.ru/api/v2/generate",
 *   from: elumenta,
 *   apiKeyEnv: "ELUMENTA_API_KEY",
 * });
 * export default { fetch: handler }; // Bun, Deno, Workers; Node: createServer(toNodeListener(handler))
 * ```
 */
export function createProxyHandler(config: ProxyConfig): FetchHandler {
  const checked = checkUpstreamUrl(config.upstream);
  const upstreamUrl = checked.url.href;
  const mapRequest = config.mapRequest ?? requestMapperFor(config.from);
  if (mapRequest === undefined) {
    throw new SseDialectsError(
      "misuse",
      `No request mapper for the ${(config.from as AnyDialect).name} dialect: pass mapRequest`,
    );
  }
  const path = config.path === undefined ? DEFAULT_PATH : config.path;
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const bodyTimeout = config.requestBodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT;
  const maxCollectedBytes = config.maxCollectedBytes ?? DEFAULT_MAX_COLLECTED;
  const idle = config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT;
  const idleTimeoutMs = idle > 0 ? idle : undefined;
  const doFetch = config.fetch ?? globalThis.fetch;
  const readOptions = {
    from: config.from,
    ...(config.dialects === undefined ? {} : { dialects: config.dialects }),
    ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
    ...(config.maxEventSize === undefined ? {} : { maxEventSize: config.maxEventSize }),
  };
  const forward = {
    credentials: config.forwardAuthorization === true,
    ...(config.forwardHeaders === undefined ? {} : { allow: config.forwardHeaders }),
  };

  return async (request, env) => {
    const started = performance.now();
    const url = new URL(request.url);
    const apiKey =
      config.apiKeyEnv === undefined ? undefined : readApiKey(config.apiKeyEnv, env, config.env);
    const secrets = apiKey === undefined ? checked.secrets : [apiKey, ...checked.secrets];
    const redact = (text: string) => redactSecrets(text, secrets);
    let stream = false;
    const log = (status: number, summary: StreamSummary | undefined, error: string | undefined) => {
      config.onLog?.({
        method: request.method,
        path: url.pathname,
        status,
        stream,
        dialect: summary?.dialect,
        events: summary?.events ?? 0,
        durationMs: performance.now() - started,
        end: summary?.end,
        error:
          error === undefined && summary?.error !== undefined
            ? redact(`${summary.error.code}: ${summary.error.message}`)
            : error === undefined
              ? undefined
              : redact(error),
      });
    };
    const refuse = (
      status: number,
      message: string,
      type: string,
      code: string,
      headers?: HeadersInit,
    ) => {
      log(status, undefined, message);
      return openAIErrorResponse(status, redact(message), type, code, headers);
    };

    if (config.apiKeyEnv !== undefined && apiKey === undefined) {
      return refuse(
        500,
        `The proxy's upstream key is not set: the environment variable ${config.apiKeyEnv} (apiKeyEnv) is empty or missing`,
        "server_error",
        "missing_api_key",
      );
    }
    if (path !== null && url.pathname !== path) {
      return refuse(
        404,
        `This proxy serves POST ${path}, not ${url.pathname}`,
        "invalid_request_error",
        "not_found",
      );
    }
    if (request.method !== "POST") {
      return refuse(
        405,
        `Use POST, not ${request.method}`,
        "invalid_request_error",
        "method_not_allowed",
        {
          allow: "POST",
        },
      );
    }
    const body = await readLimitedBody(request, {
      maxBytes: maxBodyBytes,
      timeoutMs: bodyTimeout > 0 ? bodyTimeout : undefined,
    });
    if (!body.ok) {
      if (body.reason === "timeout") {
        return refuse(
          408,
          `The request body did not arrive within ${bodyTimeout} ms`,
          "invalid_request_error",
          "request_timeout",
          // The rest of the body is not read: the connection cannot carry another request.
          { connection: "close" },
        );
      }
      if (body.reason === "failed") {
        return refuse(
          400,
          "The request body could not be read",
          "invalid_request_error",
          "invalid_body",
        );
      }
      return refuse(
        413,
        `The request body is larger than ${maxBodyBytes} bytes`,
        "invalid_request_error",
        "request_too_large",
      );
    }
    if (nestsTooDeep(body.text)) {
      return refuse(
        400,
        `The body nests deeper than ${MAX_JSON_DEPTH} levels`,
        "invalid_request_error",
        "invalid_body",
      );
    }
    let parsed: JsonObject;
    try {
      const value = parseJson(body.text) as unknown;
      if (!isJsonObject(value as never) || !Array.isArray((value as JsonObject).messages)) {
        return refuse(
          400,
          "The body must be a JSON object with a messages array",
          "invalid_request_error",
          "invalid_body",
        );
      }
      parsed = value as JsonObject;
    } catch {
      return refuse(400, "The body is not valid JSON", "invalid_request_error", "invalid_json");
    }
    stream = parsed.stream === true;

    const mapped = mapRequest(parsed, upstreamUrl, true);
    const headers = forwardableHeaders(request.headers, forward);
    headers.set("content-type", "application/json");
    headers.set("accept", "text/event-stream");
    if (apiKey !== undefined) headers.set("authorization", `Bearer ${apiKey}`);

    // One controller for the upstream request: the client going away and upstream silence
    // before the headers both abort it.
    const upstreamAbort = new AbortController();
    const onClientGone = () => upstreamAbort.abort(request.signal.reason);
    if (request.signal.aborted) onClientGone();
    else request.signal.addEventListener("abort", onClientGone, { once: true });
    const headerTimer =
      idleTimeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              upstreamAbort.abort(
                new DOMException(
                  `The upstream sent no response for ${idleTimeoutMs} ms`,
                  "TimeoutError",
                ),
              ),
            idleTimeoutMs,
          );
    let upstream: Response;
    try {
      upstream = await doFetch(mapped.url, {
        method: "POST",
        headers,
        body: JSON.stringify(mapped.body),
        signal: upstreamAbort.signal,
      });
    } catch (error) {
      const reason = upstreamAbort.signal.reason as unknown;
      if (request.signal.aborted) {
        // Nobody is left to read this; it is for the log (nginx's "client closed request").
        log(499, undefined, "The client went away before the upstream answered");
        return openAIErrorResponse(499, "The client went away", "client_closed_request", "aborted");
      }
      if (reason instanceof DOMException && reason.name === "TimeoutError") {
        return refuse(504, reason.message, "upstream_error", "timeout");
      }
      return refuse(
        502,
        `The upstream at ${checked.url.host} could not be reached: ${describeFetchFailure(error)}`,
        "upstream_error",
        "network-error",
      );
    } finally {
      clearTimeout(headerTimer);
    }

    if (!upstream.ok) {
      const response = await toOpenAIErrorResponse(upstream, {
        redact,
        maxBytes: config.maxErrorBodyBytes ?? DEFAULT_MAX_ERROR_BODY_BYTES,
        idleTimeoutMs,
      });
      request.signal.removeEventListener("abort", onClientGone);
      log(response.status, undefined, `The upstream answered HTTP ${upstream.status}`);
      return response;
    }
    const encode = config.encode === undefined ? {} : { encode: config.encode };
    return answerFromUpstream(upstream, stream, {
      ...readOptions,
      secrets,
      ...encode,
      maxCollectedBytes,
      onEnd: (summary) => {
        request.signal.removeEventListener("abort", onClientGone);
        log(stream ? 200 : statusOf(summary), summary, undefined);
      },
    });
  };
}
