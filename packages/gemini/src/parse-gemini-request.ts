import {
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  extraFields,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type Reasoning,
  RequestError,
  type RequestRoute,
  readBoolean,
  readCount,
  readInteger,
  readNumber,
  readString,
  readStringList,
  type TextPart,
  type Tool,
  tagExtra,
} from "@sse-dialects/core";

const DIALECT = "gemini";

/** Top-level request fields the model names (https://ai.google.dev/api/generate-content#request-body). */
const KNOWN = new Set([
  "model",
  "contents",
  "systemInstruction",
  "tools",
  "toolConfig",
  "generationConfig",
]);

/** `generationConfig` fields the model names (https://ai.google.dev/api/generate-content#generationconfig). */
const CONFIG_KNOWN = new Set([
  "maxOutputTokens",
  "temperature",
  "topP",
  "topK",
  "stopSequences",
  "seed",
  "presencePenalty",
  "frequencyPenalty",
  "responseMimeType",
  "responseJsonSchema",
  "thinkingConfig",
]);

/** Gemini's `cachedContent` names a cache kept by Google: it travels only to Gemini. */
const STATEFUL = ["cachedContent"] as const;

/**
 * A Gemini `generateContent` / `streamGenerateContent` request body (what `@google/genai` sends
 * to `POST /v1beta/models/{model}:…`) → `ChatRequest`. The model and whether it streams come
 * from the URL (`route`); a `models/` prefix is removed.
 *
 * - `systemInstruction` parts → `system`; `contents` in order: role `user` → `user`, `model` →
 *   `assistant` (a content of only `functionResponse` parts → `tool`); parts: `text` (with
 *   `thought: true` → reasoning, its `thoughtSignature` as the signature), `inlineData` /
 *   `fileData` images, `functionCall` → tool call (`args` as JSON text, `id` when present),
 *   `functionResponse` → tool result (`response` as JSON text; `{output}` / `{error}` alone as
 *   its text, `error` with `isError`; `name`, `id`); other parts
 *   (`executableCode`, non-image data, …) are kept as provider parts, a part's other fields
 *   (`thoughtSignature` on a call) in its `extra`.
 * - `tools[].functionDeclarations` → function tools (`parametersJsonSchema` or `parameters`);
 *   other tools (`googleSearch`, `codeExecution`) → provider tools; `toolConfig.
 *   functionCallingConfig` `AUTO` / `ANY` (one allowed name → that tool) / `NONE`.
 * - `generationConfig`: `maxOutputTokens`, `temperature`, `topP`, `topK`, `stopSequences`,
 *   `seed`, penalties by name; `responseMimeType: application/json` with `responseJsonSchema` /
 *   `responseSchema` → `responseFormat`; `thinkingConfig` `thinkingBudget` → `reasoning`
 *   (0: off; -1: on, dynamic), `includeThoughts` → `include`, `thinkingLevel` → `effort`.
 * - `cachedContent` → `stateful`; `safetySettings` and the rest → `extra.gemini`.
 *
 * @example
 * ```ts
 * parseGeminiRequest({ contents: [{ role: "user", parts: [{ text: "Hi" }] }] }, { model: "gemini-2.5-flash", stream: true });
 * // { model: "gemini-2.5-flash", messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }], stream: true }
 * ```
 */
export function parseGeminiRequest(body: JsonObject, route: RequestRoute): ChatRequest {
  const named = route.model ?? readString(body.model, "model");
  if (named === undefined || named === "")
    throw new RequestError("model", "is required in the URL");
  const model = named.replace(/^models\//, "");
  if (!Array.isArray(body.contents)) throw new RequestError("contents", "must be a list");
  const request: ChatRequest = {
    model,
    messages: body.contents.map((content, at) => parseContent(content, `contents[${at}]`)),
    stream: route.stream ?? false,
  };
  const extra = extraFields(body, new Set([...KNOWN, ...STATEFUL])) ?? {};
  if (body.systemInstruction !== undefined && body.systemInstruction !== null) {
    request.system = parseSystem(body.systemInstruction);
    // Its other fields (`role: "user"`, which @google/genai sends) go back to Gemini as sent.
    const rest = isJsonObject(body.systemInstruction)
      ? extraFields(body.systemInstruction, new Set(["parts"]))
      : undefined;
    if (rest !== undefined) extra.systemInstruction = rest;
  }
  if (body.tools !== undefined && body.tools !== null) request.tools = parseTools(body.tools);
  if (body.toolConfig !== undefined && body.toolConfig !== null)
    parseToolConfig(body.toolConfig, request, extra);
  if (body.generationConfig !== undefined && body.generationConfig !== null)
    parseGenerationConfig(body.generationConfig, request, extra);
  const stateful: JsonObject = {};
  for (const key of STATEFUL)
    if (body[key] !== undefined && body[key] !== null) stateful[key] = body[key]!;
  if (Object.keys(stateful).length > 0) request.stateful = tagExtra(DIALECT, stateful)!;
  if (Object.keys(extra).length > 0) request.extra = tagExtra(DIALECT, extra)!;
  return request;
}

function parseSystem(value: JsonValue): TextPart[] {
  if (typeof value === "string") return [{ type: "text", text: value }];
  if (!isJsonObject(value) || !Array.isArray(value.parts))
    throw new RequestError("systemInstruction.parts", "must be a list");
  return value.parts.map((part, at): TextPart => {
    const field = `systemInstruction.parts[${at}]`;
    if (!isJsonObject(part) || typeof part.text !== "string")
      throw new RequestError(field, "must be a text part");
    const out: TextPart = { type: "text", text: part.text };
    const extra = tagExtra(DIALECT, extraFields(part, new Set(["text"])));
    if (extra !== undefined) out.extra = extra;
    return out;
  });
}

function parseContent(value: JsonValue, field: string): ChatMessage {
  if (!isJsonObject(value)) throw new RequestError(field, "must be an object");
  const role = value.role ?? "user";
  if (role !== "user" && role !== "model" && role !== "function")
    throw new RequestError(`${field}.role`, "must be user or model");
  if (!Array.isArray(value.parts)) throw new RequestError(`${field}.parts`, "must be a list");
  const content = value.parts.map((part, at) => parsePart(part, `${field}.parts[${at}]`));
  const results = content.length > 0 && content.every((part) => part.type === "tool-result");
  const message: ChatMessage = {
    role: role === "model" ? "assistant" : results ? "tool" : "user",
    content,
  };
  const extra = tagExtra(
    DIALECT,
    extraFields(value, new Set(["parts", ...(role === "function" ? [] : ["role"])])),
  );
  if (extra !== undefined) message.extra = extra;
  return message;
}

function withExtra<T extends Exclude<ContentPart, { type: "provider" }>>(
  part: T,
  wire: JsonObject,
  known: string[],
): T {
  const extra = tagExtra(DIALECT, extraFields(wire, new Set(known)));
  if (extra !== undefined) part.extra = extra;
  return part;
}

function parsePart(value: JsonValue, field: string): ContentPart {
  if (!isJsonObject(value)) throw new RequestError(field, "must be an object");
  if (typeof value.text === "string") {
    if (value.thought === true) {
      const part: ContentPart = { type: "reasoning", text: value.text, dialect: DIALECT };
      const signature = readString(value.thoughtSignature, `${field}.thoughtSignature`);
      if (signature !== undefined) part.signature = signature;
      return withExtra(part, value, ["text", "thought", "thoughtSignature"]);
    }
    return withExtra({ type: "text", text: value.text }, value, ["text"]);
  }
  const inline = value.inlineData;
  if (
    isJsonObject(inline) &&
    typeof inline.data === "string" &&
    typeof inline.mimeType === "string" &&
    inline.mimeType.startsWith("image/")
  ) {
    const part: ContentPart = {
      type: "image",
      source: { type: "base64", mediaType: inline.mimeType, data: inline.data },
    };
    const extra = extraFields(inline, new Set(["data", "mimeType"]));
    if (extra === undefined) return withExtra(part, value, ["inlineData"]);
  }
  const file = value.fileData;
  if (
    isJsonObject(file) &&
    typeof file.fileUri === "string" &&
    (file.mimeType === undefined ||
      (typeof file.mimeType === "string" && file.mimeType.startsWith("image/")))
  ) {
    const extra = extraFields(value, new Set(["fileData"])) ?? {};
    // The media type goes back to Gemini as it came; other dialects take the URL alone.
    const fileExtra = extraFields(file, new Set(["fileUri"]));
    if (fileExtra !== undefined) extra.fileData = fileExtra;
    const part: ContentPart = { type: "image", source: { type: "url", url: file.fileUri } };
    if (Object.keys(extra).length > 0) part.extra = tagExtra(DIALECT, extra)!;
    return part;
  }
  if (isJsonObject(value.functionCall)) {
    const call = value.functionCall;
    const name = readString(call.name, `${field}.functionCall.name`);
    if (name === undefined) throw new RequestError(`${field}.functionCall.name`, "is required");
    const part: ContentPart = {
      type: "tool-call",
      name,
      arguments: JSON.stringify(call.args ?? {}),
    };
    const id = readString(call.id, `${field}.functionCall.id`);
    if (id !== undefined) part.id = id;
    const extra = extraFields(value, new Set(["functionCall"])) ?? {};
    const callExtra = extraFields(call, new Set(["name", "args", "id"]));
    if (callExtra !== undefined) extra.functionCall = callExtra;
    if (Object.keys(extra).length > 0) part.extra = tagExtra(DIALECT, extra)!;
    return part;
  }
  if (isJsonObject(value.functionResponse)) {
    const response = value.functionResponse;
    const name = readString(response.name, `${field}.functionResponse.name`);
    if (name === undefined) throw new RequestError(`${field}.functionResponse.name`, "is required");
    const result = response.response ?? {};
    // `{output}` / `{error}` alone are Google's documented keys for a function's output or error.
    const keys = isJsonObject(result) ? Object.keys(result) : [];
    const plain =
      isJsonObject(result) &&
      keys.length === 1 &&
      (keys[0] === "output" || keys[0] === "error") &&
      typeof result[keys[0]] === "string"
        ? (result[keys[0]] as string)
        : undefined;
    const part: ContentPart = {
      type: "tool-result",
      name,
      content: [{ type: "text", text: plain ?? JSON.stringify(result) }],
    };
    if (plain !== undefined && keys[0] === "error") part.isError = true;
    const id = readString(response.id, `${field}.functionResponse.id`);
    if (id !== undefined) part.id = id;
    const extra = extraFields(value, new Set(["functionResponse"])) ?? {};
    const responseExtra = extraFields(response, new Set(["name", "response", "id"]));
    if (responseExtra !== undefined) extra.functionResponse = responseExtra;
    if (Object.keys(extra).length > 0) part.extra = tagExtra(DIALECT, extra)!;
    return part;
  }
  return { type: "provider", dialect: DIALECT, part: value };
}

function parseTools(value: JsonValue): Tool[] {
  if (!Array.isArray(value)) throw new RequestError("tools", "must be a list");
  const tools: Tool[] = [];
  value.forEach((tool, at) => {
    const field = `tools[${at}]`;
    if (!isJsonObject(tool)) throw new RequestError(field, "must be an object");
    const declarations = tool.functionDeclarations;
    if (declarations !== undefined) {
      if (!Array.isArray(declarations))
        throw new RequestError(`${field}.functionDeclarations`, "must be a list");
      declarations.forEach((declaration, index) => {
        const path = `${field}.functionDeclarations[${index}]`;
        if (!isJsonObject(declaration)) throw new RequestError(path, "must be an object");
        const name = readString(declaration.name, `${path}.name`);
        if (name === undefined) throw new RequestError(`${path}.name`, "is required");
        const out: Tool = { type: "function", name };
        const description = readString(declaration.description, `${path}.description`);
        if (description !== undefined) out.description = description;
        const schema = declaration.parametersJsonSchema ?? declaration.parameters;
        if (schema !== undefined && schema !== null) {
          if (!isJsonObject(schema))
            throw new RequestError(`${path}.parameters`, "must be a schema object");
          out.parameters = schema;
        }
        // `parameters` (Google's OpenAPI subset) stays in `extra` so Gemini gets that form back.
        const extra = tagExtra(
          DIALECT,
          extraFields(declaration, new Set(["name", "description", "parametersJsonSchema"])),
        );
        if (extra !== undefined) out.extra = extra;
        tools.push(out);
      });
    }
    const rest = extraFields(tool, new Set(["functionDeclarations"]));
    if (rest !== undefined) tools.push({ type: "provider", dialect: DIALECT, tool: rest });
  });
  return tools;
}

function parseToolConfig(value: JsonValue, request: ChatRequest, extra: JsonObject): void {
  if (!isJsonObject(value)) throw new RequestError("toolConfig", "must be an object");
  const config = value.functionCallingConfig;
  let whole = extraFields(value, new Set(["functionCallingConfig"])) !== undefined;
  if (isJsonObject(config)) {
    const names = readStringList(
      config.allowedFunctionNames,
      "toolConfig.functionCallingConfig.allowedFunctionNames",
    );
    if (config.mode === "AUTO" || config.mode === undefined) request.toolChoice = "auto";
    else if (config.mode === "NONE") request.toolChoice = "none";
    else if (config.mode === "ANY")
      request.toolChoice =
        names !== undefined && names.length === 1 ? { type: "tool", name: names[0]! } : "required";
    else whole = true;
    if (names !== undefined && (config.mode !== "ANY" || names.length !== 1)) whole = true;
    if (extraFields(config, new Set(["mode", "allowedFunctionNames"])) !== undefined) whole = true;
  }
  // A configuration the model cannot say whole (VALIDATED, several allowed names) goes back to Gemini as sent.
  if (whole) extra.toolConfig = value;
}

function parseGenerationConfig(value: JsonValue, request: ChatRequest, extra: JsonObject): void {
  if (!isJsonObject(value)) throw new RequestError("generationConfig", "must be an object");
  const field = (name: string) => `generationConfig.${name}`;
  const max = readCount(value.maxOutputTokens, field("maxOutputTokens"));
  if (max !== undefined) request.maxTokens = max;
  const temperature = readNumber(value.temperature, field("temperature"));
  if (temperature !== undefined) request.temperature = temperature;
  const topP = readNumber(value.topP, field("topP"));
  if (topP !== undefined) request.topP = topP;
  const topK = readNumber(value.topK, field("topK"));
  if (topK !== undefined) request.topK = topK;
  const stop = readStringList(value.stopSequences, field("stopSequences"));
  if (stop !== undefined) request.stop = stop;
  const seed = readInteger(value.seed, field("seed"));
  if (seed !== undefined) request.seed = seed;
  const presence = readNumber(value.presencePenalty, field("presencePenalty"));
  if (presence !== undefined) request.presencePenalty = presence;
  const frequency = readNumber(value.frequencyPenalty, field("frequencyPenalty"));
  if (frequency !== undefined) request.frequencyPenalty = frequency;
  const mime = readString(value.responseMimeType, field("responseMimeType"));
  const schema = value.responseJsonSchema ?? value.responseSchema;
  if (mime === "application/json") {
    if (schema !== undefined && schema !== null) {
      if (!isJsonObject(schema))
        throw new RequestError(field("responseJsonSchema"), "must be a schema object");
      request.responseFormat = { type: "json-schema", schema };
    } else request.responseFormat = { type: "json" };
  } else if (mime === "text/plain") request.responseFormat = { type: "text" };
  const rest = extraFields(value, CONFIG_KNOWN) ?? {};
  if (mime !== undefined && mime !== "application/json" && mime !== "text/plain")
    rest.responseMimeType = mime;
  if (value.thinkingConfig !== undefined && value.thinkingConfig !== null) {
    const thinking = value.thinkingConfig;
    if (!isJsonObject(thinking))
      throw new RequestError(field("thinkingConfig"), "must be an object");
    const reasoning: Reasoning = {};
    const budget = readInteger(thinking.thinkingBudget, field("thinkingConfig.thinkingBudget"));
    if (budget === 0) reasoning.enabled = false;
    else if (budget === -1) reasoning.enabled = true;
    else if (budget !== undefined) {
      if (budget < 0)
        throw new RequestError(
          field("thinkingConfig.thinkingBudget"),
          "must be -1, 0 or a token count",
        );
      reasoning.budgetTokens = budget;
    }
    const include = readBoolean(thinking.includeThoughts, field("thinkingConfig.includeThoughts"));
    if (include !== undefined) reasoning.include = include;
    const level = readString(thinking.thinkingLevel, field("thinkingConfig.thinkingLevel"));
    if (level !== undefined) reasoning.effort = level.toLowerCase();
    if (Object.keys(reasoning).length > 0) request.reasoning = reasoning;
    // Gemini's own form goes back as sent (a -1 budget, the level's case, fields the model has no name for).
    rest.thinkingConfig = thinking;
  }
  if (Object.keys(rest).length > 0) extra.generationConfig = rest;
}
