import {
  type AnyDialect,
  isJsonObject,
  type JsonObject,
  parseJson,
  type RequestMapper,
  SseDialectsError,
} from "@sse-dialects/core";
import type { OpenAIEncodeOptions } from "@sse-dialects/openai";
import { answerFromUpstream } from "./answer-from-upstream.js";
import { requestMapperFor } from "./map-request.js";
import { toOpenAIErrorResponse } from "./openai-error-response.js";
import type { StreamSummary } from "./pump-events.js";

/** The options of {@link createNormalizingFetch}. */
export interface NormalizingFetchOptions {
  /** The provider's dialect, or `"auto"` to detect it from its answer. */
  from: AnyDialect | "auto";
  /** The dialects `"auto"` chooses among. Default: `dialects` of `@sse-dialects/registry`. */
  dialects?: readonly AnyDialect[];
  /**
   * The provider's endpoint, in full. Default: derived from the URL the client calls (the
   * dialect's mapper rewrites `<baseURL>/chat/completions`, e.g. to Elumenta's `<baseURL>/generate`).
   */
  upstream?: string | URL;
  /** The fetch that reaches the provider. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** How the provider's request is made from the OpenAI one. Default: the dialect's mapper. */
  mapRequest?: RequestMapper;
  /** Provider silence, in milliseconds, that ends the stream with an error chunk. Default: none. */
  idleTimeoutMs?: number;
  /** How the OpenAI chunks are written. */
  encode?: OpenAIEncodeOptions;
  /** Called when each chat-completions stream is over. */
  onEnd?: (summary: StreamSummary) => void;
}

const CHAT_COMPLETIONS = /\/chat\/completions\/?$/;

/**
 * A `fetch` that makes a provider of another dialect look like OpenAI: a `POST
 * …/chat/completions` becomes the provider's request (endpoint and body), and its answer comes
 * back as OpenAI SSE (or one `chat.completion` JSON for `stream: false`). Headers, the
 * `Authorization` the client holds and the abort signal go through unchanged; any other request
 * is passed through untouched. So `new OpenAI({ fetch })` and the Vercel AI SDK's
 * `createOpenAI({ fetch }).chat(model)` work against the provider as they are.
 *
 * @example
 * ```ts
 * import OpenAI from "openai";
 * import { elumenta } from "@sse-dialects/elumenta";
 * import { createNormalizingFetch } from "@sse-dialects/proxy";
 *
 * const client = new OpenAI({
 *   baseURL: "https://elumenta.ru/api/v2",
 *   apiKey: process.env.ELUMENTA_API_KEY,
 *   fetch: createNormalizingFetch({ from: elumenta }),
 * });
 * const stream = await client.chat.completions.create({ model: "gpt-5", messages, stream: true });
 * ```
 */
export function createNormalizingFetch(options: NormalizingFetchOptions): typeof fetch {
  const mapRequest = options.mapRequest ?? requestMapperFor(options.from);
  if (mapRequest === undefined) {
    throw new SseDialectsError(
      "misuse",
      `No request mapper for the ${(options.from as AnyDialect).name} dialect: pass mapRequest`,
    );
  }
  const readOptions = {
    from: options.from,
    ...(options.dialects === undefined ? {} : { dialects: options.dialects }),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.encode === undefined ? {} : { encode: options.encode }),
    ...(options.onEnd === undefined ? {} : { onEnd: options.onEnd }),
  };
  const normalizing = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const doFetch = options.fetch ?? globalThis.fetch;
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (request.method !== "POST" || !CHAT_COMPLETIONS.test(url.pathname)) {
      return doFetch(request);
    }
    let parsed: JsonObject;
    try {
      const value = parseJson(await request.text()) as JsonObject;
      if (!isJsonObject(value)) throw new TypeError("not an object");
      parsed = value;
    } catch (cause) {
      // A client's own request that is not JSON: misuse, not something the provider could answer.
      throw new SseDialectsError(
        "misuse",
        "The chat-completions request body is not a JSON object",
        {
          cause,
        },
      );
    }
    const configured = options.upstream !== undefined;
    const mapped = mapRequest(
      parsed,
      configured ? String(options.upstream) : request.url,
      configured,
    );
    const headers = new Headers(request.headers);
    headers.delete("content-length");
    headers.set("content-type", "application/json");
    headers.set("accept", "text/event-stream");
    const upstream = await doFetch(mapped.url, {
      method: "POST",
      headers,
      body: JSON.stringify(mapped.body),
      signal: request.signal,
    });
    if (!upstream.ok) {
      return toOpenAIErrorResponse(upstream, { idleTimeoutMs: options.idleTimeoutMs });
    }
    return answerFromUpstream(upstream, parsed.stream === true, readOptions);
  };
  return normalizing as typeof fetch;
}
