import type { Front } from "./front.js";
import { anthropicMessagesFront } from "./fronts/anthropic-messages-front.js";
import { geminiFront } from "./fronts/gemini-front.js";
import { ollamaChatFront } from "./fronts/ollama-fronts.js";
import { openAIChatFront } from "./fronts/openai-chat-front.js";
import type { GatewayRouting } from "./gateway-config.js";
import { listedModels, routeModel } from "./route-model.js";

/** The epoch, for the creation dates the lists require and the gateway does not know. */
const EPOCH = "1970-01-01T00:00:00Z";

/**
 * `GET /v1/models` and `GET /api/tags`: the models the routes name exactly (prefixes cannot be
 * listed), each in the listing shape its client reads — OpenAI's `{object: "list", data}`
 * (https://platform.openai.com/docs/api-reference/models/list); Anthropic's `{data, has_more,
 * first_id, last_id}` when the client sends `anthropic-version`, as the Anthropic SDK does
 * (https://docs.anthropic.com/en/api/models-list); Ollama's `{models}` on `/api/tags`.
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
  if (pathname === "/api/tags") {
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
