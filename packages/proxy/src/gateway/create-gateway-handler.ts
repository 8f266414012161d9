import {
  type AnyDialect,
  type DroppedField,
  ExactJson,
  type JsonObject,
  type RequestRoute,
} from "@sse-dialects/core";
import { toGenerateResponse } from "@sse-dialects/ollama";
import { findDialect } from "@sse-dialects/registry";
import { checkUpstreamUrl } from "../check-upstream-url.js";
import { collectMessage } from "../collect-message.js";
import type { FetchHandler } from "../create-proxy-handler.js";
import { forwardableHeaders } from "../filter-headers.js";
import { readUpstreamError } from "../openai-error-response.js";
import type { StreamSummary } from "../pump-events.js";
import { readApiKey } from "../read-api-key.js";
import { readBoundedText } from "../read-bounded-text.js";
import { redactSecrets, verbatimRedactor } from "../redact-secrets.js";
import { toDialectStream } from "../to-dialect-stream.js";
import { callUpstream } from "./call-upstream.js";
import { countingBody, countingOf, countingUrl } from "./count-tokens.js";
import type { Front, FrontError } from "./front.js";
import { FRONTS } from "./fronts/fronts.js";
import type { GatewayConfig } from "./gateway-options.js";
import { answerModelList, frontForPath, isModelListPath } from "./list-models.js";
import { toGenerateStream } from "./ollama-generate.js";
import { readJsonBody } from "./read-json-body.js";
import { routeModel } from "./route-model.js";
import { sseToJsonArray } from "./sse-to-json-array.js";
import { toFrontResponse } from "./to-front-response.js";
import { requestDialectOf, TranslationError, translateRequest } from "./translate-request.js";
import { setUpstreamAuth } from "./upstream-headers.js";

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT = 60_000;
const DEFAULT_BODY_TIMEOUT = 30_000;
const DEFAULT_MAX_COLLECTED = 32 * 1024 * 1024;
const DEFAULT_MAX_ERROR_BODY = 64 * 1024;

/** Headers of a streamed answer: never cached, never buffered by a reverse proxy (nginx's switch). */
const STREAM_HEADERS = { "cache-control": "no-cache", "x-accel-buffering": "no" } as const;

/** Anthropic's own headers, passed on when an Anthropic client talks to an Anthropic upstream. */
const ANTHROPIC_HEADERS = ["anthropic-version", "anthropic-beta"] as const;

/**
 * The gateway: every provider API in front, any upstream behind, as one Fetch-API handler.
 * Serves `POST /v1/chat/completions`, `/v1/messages` (+ `/v1/messages/count_tokens`),
 * `/v1/responses`, `/v1beta/models/{model}:streamGenerateContent` (`?alt=sse` or a JSON array)
 * and `:generateContent` (+ `:countTokens`), Ollama's `/api/chat` and `/api/generate`, and
 * `GET /v1/models`, `/api/tags` and `/v1beta/models`. A token count is the upstream's own answer:
 * only an upstream of the counting API's dialect is asked (501 for any other). The model chooses the upstream (the routes, first match wins); the request is
 * translated to the upstream's dialect (passed through unchanged, but for the model, when it is
 * the same), sent with the upstream's key read per request (a Worker's `env` first), and the
 * answer comes back in the front's own dialect: its stream, its non-streaming JSON, its error
 * body with the upstream's status (and `Retry-After`). Every limit of `createProxyHandler`
 * holds on every route.
 *
 * @example
 * ```ts
 * import { anthropic } from "@sse-dialects/anthropic";
 * import { openai } from "@sse-dialects/openai";
 * import { createGatewayHandler } from "@sse-dialects/proxy";
 *
 * const handler = createGatewayHandler({
 *   upstreams: [
 *     { name: "openai", dialect: openai, baseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY" },
 *     { name: "claude", dialect: anthropic, baseUrl: "https://api.anthropic.com/v1", apiKeyEnv: "ANTHROPIC_API_KEY" },
 *   ],
 *   routes: [{ prefix: "claude-", upstream: "claude" }, { prefix: "", upstream: "openai" }],
 * });
 * export default { fetch: handler }; // Workers: fetch(request, env) reads the keys from env
 * ```
 */
export function createGatewayHandler(config: GatewayConfig): FetchHandler {
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const bodyTimeout = config.requestBodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT;
  const maxCollectedBytes = config.maxCollectedBytes ?? DEFAULT_MAX_COLLECTED;
  const maxErrorBodyBytes = config.maxErrorBodyBytes ?? DEFAULT_MAX_ERROR_BODY;
  const idle = config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT;
  const idleTimeoutMs = idle > 0 ? idle : undefined;
  const doFetch = config.fetch ?? globalThis.fetch;
  // Checked when the handler is made: an unusable URL fails at start-up, not on every request.
  const upstreamSecrets = config.upstreams.flatMap(
    (upstream) => checkUpstreamUrl(upstream.baseUrl ?? upstream.endpoint ?? "").secrets,
  );

  return async (request, env) => {
    const started = performance.now();
    const url = new URL(request.url);
    const found = FRONTS.map((front) => ({ front, route: front.match(url.pathname) })).find(
      (candidate) => candidate.route !== undefined,
    );
    const front: Front = found?.front ?? frontForPath(url.pathname, request.headers);
    const route: RequestRoute = found?.route ?? {};
    const keys = new Set(upstreamSecrets);
    let dropped: readonly DroppedField[] = [];
    const redactText = (text: string) => redactSecrets(text, [...keys]);
    let stream = false;
    let upstreamName: string | undefined;
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
          error !== undefined
            ? redactText(error)
            : summary?.error === undefined
              ? undefined
              : redactText(`${summary.error.code}: ${summary.error.message}`),
        front: found?.front.name,
        upstream: upstreamName,
        dropped: dropped.map((drop) => drop.field),
      });
    };
    const refuse = (error: FrontError) => {
      log(error.status, undefined, error.message);
      return front.error({ ...error, message: redactText(error.message) });
    };

    const clientKey = front.clientKey(request, url);
    if (config.clientKeyEnv !== undefined) {
      const expected = readApiKey(config.clientKeyEnv, env, config.env);
      if (expected === undefined) {
        return refuse({
          status: 500,
          message: `The gateway's client key is not set: the environment variable ${config.clientKeyEnv} (clientKeyEnv) is empty or missing`,
          code: "missing_api_key",
        });
      }
      keys.add(expected);
      if (clientKey === undefined || !sameKey(clientKey, expected)) {
        return refuse({
          status: 401,
          message: "Invalid or missing API key",
          code: "invalid_api_key",
        });
      }
    }

    if (request.method === "GET" && isModelListPath(url.pathname)) {
      const response = answerModelList(config, url.pathname, request.headers);
      log(response.status, undefined, undefined);
      return response;
    }
    const counting = countingOf(url.pathname);
    if (found === undefined && counting === undefined) {
      return refuse({
        status: 404,
        message: `This gateway serves no ${url.pathname}`,
        code: "not_found",
      });
    }
    if (request.method !== "POST") {
      return refuse({
        status: 405,
        message: `Use POST, not ${request.method}`,
        code: "method_not_allowed",
        headers: { allow: "POST" },
      });
    }
    const read = await readJsonBody(request, {
      maxBytes: maxBodyBytes,
      timeoutMs: bodyTimeout > 0 ? bodyTimeout : undefined,
    });
    if (!read.ok) return refuse(read.error);
    // Ollama's request side reads /api/generate bodies (prompt, system) as well as /api/chat's.
    const generate = front.name === "ollama-generate";
    const body = read.body;
    const model = counting?.model ?? front.model(body, route);
    stream = counting === undefined && front.stream(body, route);
    const routed = routeModel(config, model);
    if (routed === undefined) {
      return refuse({
        status: 404,
        message:
          model === undefined
            ? "The request names no model, and this gateway routes by model"
            : `No upstream serves the model ${model}`,
        code: "model_not_found",
      });
    }
    const upstream = routed.upstream;
    upstreamName = upstream.name;
    const frontDialect = dialectNamed(front.dialect);
    const targetDialect = requestDialectOf(upstream);
    const countTokens = counting !== undefined;
    if (countTokens && targetDialect.name !== counting.dialect) {
      const needs = counting.dialect === "anthropic" ? "an Anthropic" : "a Gemini";
      return refuse({
        status: 501,
        message: `Token counting needs ${needs} upstream; the model ${model} is served by "${upstream.name}" (${targetDialect.name}), which this gateway cannot count for`,
        code: "not_implemented",
      });
    }

    let key: string | undefined;
    if (upstream.apiKeyEnv !== undefined) {
      key = readApiKey(upstream.apiKeyEnv, env, config.env);
      if (key === undefined) {
        return refuse({
          status: 500,
          message: `The key of the upstream "${upstream.name}" is not set: the environment variable ${upstream.apiKeyEnv} is empty or missing`,
          code: "missing_api_key",
        });
      }
    } else if (config.forwardAuthorization === true) key = clientKey;
    if (key !== undefined) keys.add(key);

    let upstreamUrl: string;
    let upstreamBody: JsonObject;
    let builtHeaders: Record<string, string> = {};
    try {
      if (countTokens) {
        // To the same dialect: the body as sent, the model as routed, beside the streaming
        // endpoint the dialect's builder makes from the API root (see `countingUrl`).
        const upstreamModel = routed.model ?? model ?? "";
        const streamingUrl =
          upstream.endpoint ??
          targetDialect.requests?.build(
            { model: upstreamModel, messages: [], stream: true },
            { baseUrl: upstream.baseUrl ?? "", model: upstreamModel },
          ).url ??
          `${upstream.baseUrl}/v1/messages`;
        upstreamUrl = countingUrl(counting, streamingUrl);
        upstreamBody = countingBody(counting, body, routed.model);
      } else {
        // An /api/generate body is not an /api/chat one: it is always translated, never passed.
        const built = translateRequest(
          frontDialect,
          body,
          route,
          upstream,
          routed.model,
          !generate,
        );
        upstreamUrl = built.url;
        upstreamBody = built.body;
        builtHeaders = built.headers ?? {};
        dropped = built.dropped ?? [];
      }
    } catch (error) {
      return refuse(translationError(error));
    }

    const headers = forwardableHeaders(request.headers, {
      credentials: false,
      allow: [
        ...(config.forwardHeaders ?? []),
        ...(frontDialect.name === "anthropic" && targetDialect.name === "anthropic"
          ? ANTHROPIC_HEADERS
          : []),
      ],
    });
    for (const [name, value] of Object.entries(builtHeaders)) {
      // The client's own (an Anthropic client's anthropic-version) win over the builder's defaults.
      if (!headers.has(name)) headers.set(name, value);
    }
    headers.set("content-type", "application/json");
    headers.set(
      "accept",
      countTokens ? "application/json" : "text/event-stream, application/x-ndjson",
    );
    setUpstreamAuth(headers, targetDialect, key);

    const call = await callUpstream(
      doFetch,
      request,
      upstreamUrl,
      headers,
      JSON.stringify(upstreamBody),
      idleTimeoutMs,
    );
    if (!call.ok) {
      if (call.clientGone) {
        log(499, undefined, call.error.message);
        return front.error(call.error);
      }
      return refuse(call.error);
    }
    const upstreamResponse = call.response;
    const secrets = [...keys];
    if (!upstreamResponse.ok) {
      const failure = await readUpstreamError(upstreamResponse, {
        redact: (text) => redactSecrets(text, secrets),
        maxBytes: maxErrorBodyBytes,
        idleTimeoutMs,
      });
      call.release();
      log(failure.status, undefined, `The upstream answered HTTP ${failure.status}`);
      return front.error({
        status: failure.status,
        message: failure.message,
        code: failure.code ?? "upstream_error",
        upstreamType:
          front.dialect === "openai" || front.dialect === "responses" ? failure.type : undefined,
        ...(failure.retryAfter === undefined
          ? {}
          : { headers: { "retry-after": failure.retryAfter } }),
      });
    }
    if (countTokens) {
      // The upstream's own answer (Anthropic's {"input_tokens": n}, Gemini's {"totalTokens": n}),
      // read within the error-body bound.
      const { text } = await readBoundedText(upstreamResponse.body, {
        maxBytes: maxErrorBodyBytes,
        idleTimeoutMs,
      });
      call.release();
      log(200, undefined, undefined);
      return new Response(redactSecrets(text, secrets), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }

    const readOptions = {
      from: upstream.dialect,
      ...(config.dialects === undefined ? {} : { dialects: config.dialects }),
      ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
      ...(config.maxEventSize === undefined ? {} : { maxEventSize: config.maxEventSize }),
      secrets,
      contentType: upstreamResponse.headers.get("content-type") ?? undefined,
    };
    if (stream) {
      let body = toDialectStream(upstreamResponse.body, frontDialect, {
        ...readOptions,
        onEnd: (summary) => {
          call.release();
          log(200, summary, undefined);
        },
      });
      let contentType = frontDialect.contentType;
      if (generate) body = toGenerateStream(body);
      if (front.name === "gemini" && url.searchParams.get("alt") !== "sse") {
        // Without alt=sse, streamGenerateContent answers one JSON array, element by element.
        body = sseToJsonArray(body);
        contentType = "application/json";
      }
      return new Response(body, {
        status: 200,
        headers: { "content-type": contentType, ...STREAM_HEADERS },
      });
    }

    const collected = await collectMessage(upstreamResponse.body, {
      ...readOptions,
      maxBytes: maxCollectedBytes,
    });
    call.release();
    const { summary } = collected;
    if (collected.truncated || summary.end !== "done") {
      const status = collected.truncated ? 502 : summary.error?.code === "timeout" ? 504 : 502;
      const message = collected.truncated
        ? `The upstream's answer is larger than ${maxCollectedBytes} bytes, the most this gateway collects; ask with stream: true`
        : summary.error === undefined
          ? `The upstream's stream ended early (${summary.end})`
          : summary.error.message;
      log(status, summary, message);
      return front.error({
        status,
        message: redactText(message),
        code: collected.truncated
          ? "response_too_large"
          : (summary.error?.code ?? "upstream_error"),
      });
    }
    let answer: JsonObject;
    // Arguments objects keep the digits of the arguments text (see `ResponseOptions`).
    const exact = new ExactJson();
    try {
      answer = generate
        ? toGenerateResponse(collected.message)
        : toFrontResponse(frontDialect, collected.message, { exact });
    } catch (error) {
      return refuse(translationError(error));
    }
    log(200, summary, undefined);
    // What is written is this object as JSON: a secret anywhere in it goes.
    const text = verbatimRedactor(secrets)(exact.stringify(answer));
    return new Response(text, { status: 200, headers: { "content-type": "application/json" } });
  };
}

function dialectNamed(name: string): AnyDialect {
  const dialect = findDialect(name);
  if (dialect === undefined) throw new Error(`The registry has no ${name} dialect`);
  return dialect;
}

/** A translation failure or a request-model error (status 400 and the field) as a front error. */
function translationError(error: unknown): FrontError {
  if (error instanceof TranslationError) {
    return {
      status: error.status,
      message: error.message,
      code: error.status === 501 ? "not_implemented" : "invalid_request",
    };
  }
  const status = (error as { status?: unknown }).status;
  if (error instanceof Error && typeof status === "number" && status >= 400 && status < 500) {
    return { status, message: error.message, code: "invalid_request" };
  }
  throw error;
}

/** Compares two keys without stopping at the first difference (no timing hint of the prefix). */
function sameKey(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let index = 0; index < expected.length; index++) {
    difference |=
      (given.charCodeAt(index % Math.max(given.length, 1)) || 0) ^ expected.charCodeAt(index);
  }
  return difference === 0;
}
