import {
  type ChatMessage,
  type ChatRequest,
  type DroppedField,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  joinUrl,
  ownProviderTool,
  parseToolArguments,
  RequestError,
  type SamplingNames,
  type UpstreamRequest,
  type UpstreamTarget,
  writeExtra,
  writeSamplingFields,
  writeStateful,
} from "@sse-dialects/core";

const DIALECT = "ollama";

/** Ollama's names for the sampling settings, in `options` (its Modelfile parameters). */
const SAMPLING: SamplingNames = {
  maxTokens: "num_predict",
  temperature: "temperature",
  topP: "top_p",
  topK: "top_k",
  stop: "stop",
  seed: "seed",
  presencePenalty: "presence_penalty",
  frequencyPenalty: "frequency_penalty",
};

/**
 * `ChatRequest` → a streaming Ollama `POST <baseUrl>/api/chat` request (`baseUrl` as the
 * `ollama` client's `host`, `http://localhost:11434`; a trailing `/api` is allowed).
 *
 * - `system` → a leading `system` message; messages keep their role, text parts joined into
 *   `content`; base64 images → `images` (an image URL has no Ollama form: a 400); tool calls →
 *   `tool_calls` with `arguments` objects (parsed: not a JSON object is a 400); each tool result
 *   → a `tool` message with `tool_name` (its own name, or its call's); Ollama reasoning →
 *   `thinking` (another dialect's is dropped).
 * - `maxTokens` → `options.num_predict`; `temperature`, `top_p`, `top_k`, `stop`, `seed`,
 *   penalties → `options`; `responseFormat` `json` → `format: "json"`, `json-schema` → the
 *   schema; `reasoning` → `think` (`enabled` → a boolean, an effort low / medium / high → that
 *   word, a budget → true); function tools in OpenAI's shape.
 * - Dropped (listed): `toolChoice`, `parallelToolCalls`, `metadata`, `user`, `store`, another
 *   dialect's `extra`. Refused: another dialect's provider parts, tools and stateful fields, and
 *   an `/api/generate` `context`, which `/api/chat` cannot take.
 *
 * @example
 * ```ts
 * buildOllamaRequest(request, { baseUrl: "http://localhost:11434", model: "llama3.2" }).url;
 * // "http://localhost:11434/api/chat"
 * ```
 */
export function buildOllamaRequest(
  request: ChatRequest,
  upstream: UpstreamTarget,
): UpstreamRequest {
  const dropped: DroppedField[] = [];
  if (request.stateful?.[DIALECT]?.context !== undefined)
    throw new RequestError(
      "context",
      "/api/chat takes no context tokens: send the conversation as messages",
    );
  const names = new Map<string, string>();
  const messages: JsonObject[] = [];
  if (request.system !== undefined && request.system.length > 0) {
    request.system.forEach((part, at) => {
      writeExtra({}, part.extra, DIALECT, `system[${at}]`, dropped);
    });
    messages.push({
      role: "system",
      content: request.system.map((part) => part.text).join("\n\n"),
    });
  }
  request.messages.forEach((message, at) => {
    messages.push(...toMessages(message, `messages[${at}]`, names, dropped));
  });
  const body: JsonObject = { model: upstream.model, messages };
  if (request.tools !== undefined) {
    body.tools = request.tools.map((tool, at): JsonValue => {
      if (tool.type === "provider") return ownProviderTool(tool, DIALECT, at);
      const fn: JsonObject = { name: tool.name };
      if (tool.description !== undefined) fn.description = tool.description;
      if (tool.parameters !== undefined) fn.parameters = tool.parameters;
      if (tool.strict !== undefined)
        dropped.push({ field: `tools[${at}].strict`, reason: "ollama has no strict mode" });
      const out: JsonObject = { type: "function", function: fn };
      writeExtra(out, tool.extra, DIALECT, `tools[${at}]`, dropped);
      return out;
    });
  }
  const own = request.extra?.[DIALECT]?.options;
  const options: JsonObject = isJsonObject(own ?? null) ? { ...(own as JsonObject) } : {};
  writeSamplingFields(request, options, SAMPLING, DIALECT, dropped);
  if (Object.keys(options).length > 0) body.options = options;
  const format = request.responseFormat;
  if (format?.type === "json") body.format = "json";
  else if (format?.type === "json-schema") body.format = format.schema;
  const reasoning = request.reasoning;
  if (reasoning !== undefined) {
    const effort = reasoning.effort;
    if (reasoning.enabled === false || effort === "none") body.think = false;
    else if (effort === "low" || effort === "medium" || effort === "high") body.think = effort;
    else if (
      reasoning.enabled === true ||
      reasoning.budgetTokens !== undefined ||
      effort !== undefined
    )
      body.think = true;
  }
  for (const key of ["toolChoice", "parallelToolCalls", "metadata", "user"] as const)
    if (request[key] !== undefined) dropped.push({ field: key, reason: `ollama has no ${key}` });
  if (request.store === true) dropped.push({ field: "store", reason: "ollama stores nothing" });
  const rest = request.extra === undefined ? undefined : { ...request.extra };
  if (rest?.[DIALECT] !== undefined) {
    const { options: _options, ...fields } = rest[DIALECT]!;
    rest[DIALECT] = fields;
  }
  writeExtra(body, rest, DIALECT, "", dropped);
  writeStateful(body, request, DIALECT);
  body.stream = true;
  const base = upstream.baseUrl.replace(/\/api\/?$/, "");
  const built: UpstreamRequest = { url: joinUrl(base, "api/chat"), body };
  if (dropped.length > 0) built.dropped = dropped;
  return built;
}

function toMessages(
  message: ChatMessage,
  field: string,
  names: Map<string, string>,
  dropped: DroppedField[],
): JsonObject[] {
  const results: JsonObject[] = [];
  const out: JsonObject = {
    role: message.role === "developer" ? "system" : message.role,
    content: "",
  };
  let text = "";
  let thinking = "";
  const images: string[] = [];
  const calls: JsonObject[] = [];
  message.content.forEach((part, at) => {
    const path = `${field}.content[${at}]`;
    switch (part.type) {
      case "text":
        text += part.text;
        writeExtra({}, part.extra, DIALECT, path, dropped);
        break;
      case "image":
        if (part.source.type !== "base64")
          throw new RequestError(path, "ollama takes images as base64 data, not URLs");
        images.push(part.source.data);
        break;
      case "tool-call": {
        if (part.id !== undefined) names.set(part.id, part.name);
        const fn: JsonObject = {
          name: part.name,
          arguments: parseToolArguments(part.arguments, `${path}.arguments`),
        };
        const call: JsonObject = { function: fn };
        // Ollama's own calls carry no id; one from another dialect rides along (Ollama ignores it).
        if (part.id !== undefined) call.id = part.id;
        writeExtra(fn, part.extra, DIALECT, path, dropped);
        calls.push(call);
        break;
      }
      case "tool-result": {
        const result: JsonObject = {
          role: "tool",
          content: part.content.map((item) => (item.type === "text" ? item.text : "")).join(""),
        };
        const resultImages = part.content.flatMap((item) =>
          item.type === "image" && item.source.type === "base64" ? [item.source.data] : [],
        );
        if (resultImages.length > 0) result.images = resultImages;
        const name = part.name ?? (part.id !== undefined ? names.get(part.id) : undefined);
        if (name !== undefined) result.tool_name = name;
        if (part.isError !== undefined)
          dropped.push({
            field: `${path}.isError`,
            reason: "ollama tool messages have no error flag",
          });
        writeExtra(result, part.extra, DIALECT, path, dropped);
        results.push(result);
        break;
      }
      case "reasoning":
        if (part.dialect !== DIALECT)
          dropped.push({
            field: path,
            reason: `${part.dialect} reasoning cannot be sent back to ollama`,
          });
        else thinking += part.text;
        break;
      case "provider":
        throw new RequestError(path, `a ${part.dialect} content part has no ${DIALECT} equivalent`);
    }
  });
  if (message.name !== undefined)
    dropped.push({ field: `${field}.name`, reason: "ollama messages have no name" });
  // A `tool` message of the model is its results, with the message's own fields on them.
  if (
    message.role === "tool" ||
    (results.length > 0 && text === "" && images.length === 0 && calls.length === 0)
  ) {
    if (results.length === 1) writeExtra(results[0]!, message.extra, DIALECT, field, dropped);
    if (message.role === "tool" || results.length > 0) return results;
  }
  out.content = text;
  if (thinking !== "") out.thinking = thinking;
  if (images.length > 0) out.images = images;
  if (calls.length > 0) out.tool_calls = calls;
  if (out.role === "tool") out.role = "user";
  writeExtra(out, message.extra, DIALECT, field, dropped);
  return [...results, out];
}
