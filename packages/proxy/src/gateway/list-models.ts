import type { AnyDialect } from "@sse-dialects/core";
import type { Front } from "./front.js";
import { anthropicMessagesFront } from "./fronts/anthropic-messages-front.js";
import { geminiFront } from "./fronts/gemini-front.js";
import { ollamaChatFront } from "./fronts/ollama-fronts.js";
import { openAIChatFront } from "./fronts/openai-chat-front.js";
import type { GatewayRouting } from "./gateway-config.js";
import { listedModels, routeModel } from "./route-model.js";

/** Gemini's model list (`v1beta`, `v1alpha`; `/v1/models` is OpenAI's). */
const GEMINI_LIST = /^\/v1(?:beta|alpha)\/models$/;

/** Whether `pathname` asks for a model list: OpenAI's and Anthropic's, Ollama's, Gemini's. */
export function isModelListPath(pathname: string): boolean {
  return pathname === "/v1/models" || pathname === "/api/tags" || GEMINI_LIST.test(pathname);
}

/** The epoch, for the creation dates the lists require and the gateway does not know. */
const EPOCH = "1970-01-01T00:00:00Z";

/**
 * `GET /v1/models` and `GET /api/tags`: the models the routes name exactly (prefixes cannot be
 * listed), each in the listing shape its client reads — OpenAI's `{object: "list", data}`
 * (https://platform.openai.com/docs/api-reference/models/list); Anthropic's `{data, has_more,
 * first_id, last_id}` when the client sends `anthropic-version`, as the Anthropic SDK does
 * (https://docs.anthropic.com/en/api/models-list); Ollama's `{models}` on `/api/tags`; Gemini's
 * `{models: [{name: "models/…", supportedGenerationMethods}]}` on `/v1beta/models`
 * (https://ai.google.dev/api/models#method:-models.list), one page, `countTokens` among the
 * methods of a model a Gemini upstream serves.
 */
export function answerModelList(
  routing: GatewayRouting,
  pathname: string,
  headers: Headers,
): Response {
  const models = listedModels(routing).map((id) => ({
    id,
    upstream: routeModel(routing, id)?.upstream.name ?? "",
  }));
  let body: unknown;
  if (GEMINI_LIST.test(pathname)) {
    body = {
      models: models.map(({ id }) => ({
        name: `models/${id}`,
        displayName: id,
        supportedGenerationMethods:
          dialectName(routeModel(routing, id)?.upstream.dialect) === "gemini"
            ? ["generateContent", "streamGenerateContent", "countTokens"]
            : ["generateContent", "streamGenerateContent"],
      })),
    };
  } else if (pathname === "/api/tags") {
    body = {
      models: models.map(({ id }) => ({
        name: id,
        model: id,
        modified_at: EPOCH,
        size: 0,
        digest: "",
        details: {},
      })),
    };
  } else if (headers.has("anthropic-version")) {
    body = {
      data: models.map(({ id }) => ({ type: "model", id, display_name: id, created_at: EPOCH })),
      has_more: false,
      first_id: models[0]?.id ?? null,
      last_id: models.at(-1)?.id ?? null,
    };
  } else {
    body = {
      object: "list",
      data: models.map(({ id, upstream }) => ({
        id,
        object: "model",
        created: 0,
        owned_by: upstream,
      })),
    };
  }
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}

/** The front whose error shape answers a path no front serves: guessed from the path's family. */
export function frontForPath(pathname: string, headers: Headers): Front {
  if (pathname.startsWith("/api/")) return ollamaChatFront;
  if (/^\/v1(?:beta|alpha)\//.test(pathname)) return geminiFront;
  if (pathname.startsWith("/v1/messages") || headers.has("anthropic-version"))
    return anthropicMessagesFront;
  return openAIChatFront;
}

function dialectName(dialect: AnyDialect | "auto" | undefined): string | undefined {
  return dialect === undefined || dialect === "auto" ? dialect : dialect.name;
}
