import {
  type ChatRequest,
  type ContentPart,
  type DroppedField,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  joinUrl,
  ownProviderTool,
  parseJson,
  parseToolArguments,
  RequestError,
  type RequestExtra,
  type SamplingNames,
  type UpstreamRequest,
  type UpstreamTarget,
  writeExtra,
  writeSamplingFields,
  writeStateful,
} from "@sse-dialects/core";

const DIALECT = "gemini";

/** Gemini's names for the sampling settings, in `generationConfig`. */
const SAMPLING: SamplingNames = {
  maxTokens: "maxOutputTokens",
  temperature: "temperature",
  topP: "topP",
  topK: "topK",
  stop: "stopSequences",
  seed: "seed",
  presencePenalty: "presencePenalty",
  frequencyPenalty: "frequencyPenalty",
};

/** Effort words → a `thinkingBudget` (Gemini 2.5 Pro takes 128–32768, Flash 0–24576). */
const BUDGET_OF_EFFORT: Readonly<Record<string, number>> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
};

/** Media types of image URLs by extension, for `fileData.mimeType`. */
const MIME_OF_EXTENSION: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
};

/**
 * `ChatRequest` → a Gemini `streamGenerateContent` request at
 * `<baseUrl>/v1beta/models/{model}:streamGenerateContent?alt=sse` (`baseUrl` as
 * `@google/genai`'s, `https://generativelanguage.googleapis.com`; one that already ends in a
 * version segment such as `/v1beta` is used as it is).
 *
 * - `system` and `system` / `developer` messages → `systemInstruction`; `user` → `user`
 *   contents, `assistant` → `model`; consecutive tool results → one `user` content of
 *   `functionResponse` parts (Gemini pairs parallel calls and results by position and name).
 * - Parts: text; base64 images → `inlineData`, URLs → `fileData` (media type from the
 *   extension); tool calls → `functionCall` (arguments parsed: not a JSON object is a 400;
 *   `id` kept); tool results → `functionResponse` named after their call (the JSON object the
 *   text holds, else `{output: text}`, `{error: text}` when it failed); Gemini reasoning → `thought` parts (another dialect's
 *   is dropped).
 * - Function tools → one `functionDeclarations` tool (`parametersJsonSchema`, full JSON
 *   schema); `toolChoice` → `toolConfig.functionCallingConfig` (`required` → `ANY`, a named
 *   tool → `ANY` with that one allowed name); sampling fields, `stop` → `stopSequences`,
 *   `maxTokens` → `maxOutputTokens`, `responseFormat` → `responseMimeType` +
 *   `responseJsonSchema`, `reasoning` → `thinkingConfig` (`thinkingBudget`: the budget, 0 when
 *   off, else from the effort: low 1024, medium 8192, high 24576; `include` →
 *   `includeThoughts`) into `generationConfig`.
 * - Dropped (listed): `parallelToolCalls`, `metadata`, `user`, `store`, another dialect's
 *   `extra`. Refused: another dialect's provider tools, parts and stateful fields.
 *
 * @example
 * ```ts
 * buildGeminiRequest(request, { baseUrl: "https://generativelanguage.googleapis.com", model: "gemini-2.5-flash" }).url;
 * // "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
 * ```
 */
export function buildGeminiRequest(
  request: ChatRequest,
  upstream: UpstreamTarget,
): UpstreamRequest {
  const dropped: DroppedField[] = [];
  const system: JsonObject[] = [];
  request.system?.forEach((part, at) => {
    const out: JsonObject = { text: part.text };
    writeExtra(out, part.extra, DIALECT, `system[${at}]`, dropped);
    system.push(out);
  });
  const names = new Map<string, string>();
  const contents: JsonObject[] = [];
  request.messages.forEach((message, at) => {
    const field = `messages[${at}]`;
    if (message.role === "system" || message.role === "developer") {
      message.content.forEach((part, index) => {
        if (part.type === "text") system.push({ text: part.text });
        else
          dropped.push({
            field: `${field}.content[${index}]`,
            reason: "gemini instructions are text",
          });
      });
      return;
    }
    const parts = message.content.flatMap((part, index) =>
      toParts(part, `${field}.content[${index}]`, names, dropped),
    );
    const role = message.role === "assistant" ? "model" : "user";
    const last = contents[contents.length - 1];
    const onlyResults =
      parts.length > 0 && parts.every((part) => part.functionResponse !== undefined);
    if (
      onlyResults &&
      message.extra === undefined &&
      last !== undefined &&
      last.role === "user" &&
      Array.isArray(last.parts) &&
      last.parts.every((part) => isJsonObject(part) && part.functionResponse !== undefined)
    ) {
      last.parts.push(...parts);
      return;
    }
    if (parts.length === 0) {
      // Gemini refuses a content without parts; an empty message says nothing to leave out.
      dropped.push({ field, reason: "an empty message: gemini refuses a content without parts" });
      return;
    }
    const content: JsonObject = { role, parts };
    writeExtra(content, message.extra, DIALECT, field, dropped);
    if (message.name !== undefined)
      dropped.push({ field: `${field}.name`, reason: "gemini contents have no name" });
    contents.push(content);
  });
  const body: JsonObject = { contents };
  const ownSystem = request.extra?.[DIALECT]?.systemInstruction;
  if (system.length > 0)
    body.systemInstruction = {
      ...(isJsonObject(ownSystem ?? null) ? (ownSystem as JsonObject) : {}),
      parts: system,
    };
  const tools = toTools(request, dropped);
  if (tools.length > 0) body.tools = tools;
  const own = request.extra?.[DIALECT];
  if (request.toolChoice !== undefined && own?.toolConfig === undefined) {
    const choice = request.toolChoice;
    body.toolConfig = {
      functionCallingConfig:
        typeof choice === "object"
          ? { mode: "ANY", allowedFunctionNames: [choice.name] }
          : { mode: choice === "required" ? "ANY" : choice.toUpperCase() },
    };
  }
  const config = generationConfig(request, dropped);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  if (request.parallelToolCalls === false)
    dropped.push({ field: "parallelToolCalls", reason: "gemini has no switch for parallel calls" });
  for (const key of ["metadata", "user"] as const)
    if (request[key] !== undefined) dropped.push({ field: key, reason: `gemini has no ${key}` });
  if (request.store === true) dropped.push({ field: "store", reason: "gemini stores nothing" });
  const rest = request.extra === undefined ? undefined : { ...request.extra };
  if (rest?.[DIALECT] !== undefined) {
    const { generationConfig: _config, systemInstruction: _system, ...fields } = rest[DIALECT]!;
    rest[DIALECT] = fields;
  }
  writeExtra(body, rest, DIALECT, "", dropped);
  writeStateful(body, request, DIALECT);
  const base = /\/v\d+(?:alpha|beta)?\d*\/?$/.test(upstream.baseUrl)
    ? upstream.baseUrl
    : joinUrl(upstream.baseUrl, "v1beta");
  const model = upstream.model.replace(/^models\//, "");
  const url = joinUrl(base, `models/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`);
  const built: UpstreamRequest = { url, body };
  if (dropped.length > 0) built.dropped = dropped;
  return built;
}

function toParts(
  part: ContentPart,
  field: string,
  names: Map<string, string>,
  dropped: DroppedField[],
): JsonObject[] {
  let out: JsonObject;
  switch (part.type) {
    case "text":
      out = { text: part.text };
      break;
    case "image": {
      const source = part.source;
      if (source.type === "base64") {
        out = { inlineData: { mimeType: source.mediaType ?? "image/png", data: source.data } };
      } else {
        const own = part.extra?.[DIALECT]?.fileData;
        const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(source.url)?.[1]?.toLowerCase();
        const file: JsonObject = isJsonObject(own ?? null) ? { ...(own as JsonObject) } : {};
        file.mimeType ??= MIME_OF_EXTENSION[extension ?? ""] ?? "image/jpeg";
        file.fileUri = source.url;
        out = { fileData: file };
        const rest = part.extra?.[DIALECT];
        if (rest !== undefined) {
          const { fileData: _file, ...fields } = rest;
          writeExtra(out, { ...part.extra, [DIALECT]: fields }, DIALECT, field, dropped);
          return [out];
        }
      }
      if (part.detail !== undefined)
        dropped.push({ field: `${field}.detail`, reason: "gemini images have no detail" });
      break;
    }
    case "tool-call": {
      const call: JsonObject = {
        name: part.name,
        args: parseToolArguments(part.arguments, `${field}.arguments`),
      };
      if (part.id !== undefined) {
        call.id = part.id;
        names.set(part.id, part.name);
      }
      return [withNested(part.extra, "functionCall", call, field, dropped)];
    }
    case "tool-result": {
      const name = part.name ?? (part.id !== undefined ? names.get(part.id) : undefined);
      if (name === undefined)
        throw new RequestError(
          `${field}.id`,
          "gemini names a function response after its call: no call has this id",
        );
      const text = part.content.map((item) => (item.type === "text" ? item.text : "")).join("");
      if (part.content.some((item) => item.type === "image"))
        dropped.push({
          field: `${field}.content`,
          reason: "a gemini function response holds JSON, not images",
        });
      const response: JsonObject = { name, response: responseOf(text, part.isError === true) };
      if (part.id !== undefined) response.id = part.id;
      return [withNested(part.extra, "functionResponse", response, field, dropped)];
    }
    case "reasoning":
      if (part.dialect !== DIALECT) {
        dropped.push({ field, reason: `${part.dialect} reasoning cannot be sent back to gemini` });
        return [];
      }
      out = { text: part.text, thought: true };
      if (part.signature !== undefined) out.thoughtSignature = part.signature;
      break;
    case "provider":
      if (part.dialect !== DIALECT)
        throw new RequestError(
          field,
          `a ${part.dialect} content part has no ${DIALECT} equivalent`,
        );
      return [part.part];
  }
  writeExtra(out, part.extra, DIALECT, field, dropped);
  return [out];
}

/** A part whose payload is nested (`functionCall`, `functionResponse`): Gemini's fields go back inside. */
function withNested(
  extra: RequestExtra | undefined,
  key: string,
  inner: JsonObject,
  field: string,
  dropped: DroppedField[],
): JsonObject {
  const own = extra?.[DIALECT];
  const nested = own?.[key];
  if (isJsonObject(nested ?? null))
    for (const name of Object.keys(nested as JsonObject))
      inner[name] ??= (nested as JsonObject)[name]!;
  const out: JsonObject = { [key]: inner };
  if (extra !== undefined) {
    const rest = { ...extra };
    if (own !== undefined) {
      const { [key]: _nested, ...fields } = own;
      rest[DIALECT] = fields;
    }
    writeExtra(out, rest, DIALECT, field, dropped);
  }
  return out;
}

/**
 * A tool result's text as Gemini's `response` object: the JSON object it holds, else
 * `{output: text}` — or `{error: text}` for a failed call — the keys Google documents for a
 * function's output and its error (https://googleapis.github.io/js-genai/classes/types.FunctionResponse.html).
 */
function responseOf(text: string, isError: boolean): JsonObject {
  if (isError) return { error: text };
  try {
    const value = parseJson(text) as JsonValue;
    if (isJsonObject(value)) return value;
  } catch {
    // Plain text.
  }
  return { output: text };
}

function toTools(request: ChatRequest, dropped: DroppedField[]): JsonObject[] {
  const declarations: JsonObject[] = [];
  const others: JsonObject[] = [];
  request.tools?.forEach((tool, at) => {
    if (tool.type === "provider") {
      others.push(ownProviderTool(tool, DIALECT, at));
      return;
    }
    const out: JsonObject = { name: tool.name };
    if (tool.description !== undefined) out.description = tool.description;
    // A schema that came as Gemini's `parameters` goes back there; any other as full JSON schema.
    if (tool.parameters !== undefined && tool.extra?.[DIALECT]?.parameters === undefined)
      out.parametersJsonSchema = tool.parameters;
    if (tool.strict !== undefined)
      dropped.push({ field: `tools[${at}].strict`, reason: "gemini has no strict mode" });
    writeExtra(out, tool.extra, DIALECT, `tools[${at}]`, dropped);
    declarations.push(out);
  });
  return declarations.length > 0 ? [{ functionDeclarations: declarations }, ...others] : others;
}

function generationConfig(request: ChatRequest, dropped: DroppedField[]): JsonObject {
  const own = request.extra?.[DIALECT]?.generationConfig;
  const config: JsonObject = isJsonObject(own ?? null) ? { ...(own as JsonObject) } : {};
  writeSamplingFields(request, config, SAMPLING, DIALECT, dropped);
  const format = request.responseFormat;
  if (format !== undefined) {
    config.responseMimeType = format.type === "text" ? "text/plain" : "application/json";
    if (format.type === "json-schema" && config.responseSchema === undefined)
      config.responseJsonSchema = format.schema;
  }
  const reasoning = request.reasoning;
  if (reasoning !== undefined && config.thinkingConfig === undefined) {
    const thinking: JsonObject = {};
    const budget =
      reasoning.enabled === false
        ? 0
        : (reasoning.budgetTokens ??
          (reasoning.effort !== undefined ? BUDGET_OF_EFFORT[reasoning.effort] : undefined));
    if (budget !== undefined) thinking.thinkingBudget = budget;
    else if (reasoning.enabled === true) thinking.thinkingBudget = -1;
    else if (reasoning.effort !== undefined)
      dropped.push({
        field: "reasoning.effort",
        reason: `gemini has no effort named ${reasoning.effort}`,
      });
    if (reasoning.include !== undefined) thinking.includeThoughts = reasoning.include;
    if (Object.keys(thinking).length > 0) config.thinkingConfig = thinking;
  }
  return config;
}
