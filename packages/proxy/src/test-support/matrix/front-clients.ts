import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import { type ChatRequest, type ChatResponse, Ollama } from "ollama";
import OpenAI from "openai";
import {
  FIRST_ANSWER,
  FIRST_QUESTION,
  MAX_TOKENS,
  PARIS,
  QUESTION,
  SYSTEM,
  TOOL_DESCRIPTION,
  TOOL_NAME,
  TOOL_PARAMETERS,
  TOOL_RESULT,
} from "./conversation.js";

/** The fronts of the matrix, each driven by its official client. */
export const FRONT_NAMES = ["openai-chat", "responses", "anthropic", "gemini", "ollama"] as const;
export type FrontName = (typeof FRONT_NAMES)[number];

/** What a client made of the answer, in its own SDK's terms, normalized for comparison. */
export interface ClientResult {
  text: string;
  call: { name: string; args: unknown } | undefined;
  finish: unknown;
  usage: { input: unknown; output: unknown };
}

/** What a client raised: its SDK's error class name and the HTTP status it carries. */
export interface ClientFailure {
  className: string;
  status: number | undefined;
  message: string;
}

/** The finish each front reports for an answer that ends in a tool call. */
export const TOOL_FINISH: Record<FrontName, unknown> = {
  "openai-chat": "tool_calls",
  responses: "completed",
  anthropic: "tool_use",
  gemini: "STOP",
  ollama: "stop",
};

/** Sends the conversation through the gateway at `base` with `model`; `signal` aborts it. */
export async function send(
  front: FrontName,
  base: string,
  model: string,
  stream: boolean,
  signal?: AbortSignal,
  onFirst?: () => void,
): Promise<ClientResult> {
  switch (front) {
    case "openai-chat":
      return openAIChat(base, model, stream, signal, onFirst);
    case "responses":
      return responses(base, model, stream, signal, onFirst);
    case "anthropic":
      return anthropic(base, model, stream, signal, onFirst);
    case "gemini":
      return gemini(base, model, stream, signal, onFirst);
    case "ollama":
      return ollama(base, model, stream, signal, onFirst);
  }
}

/** The error a client raised, read the way its SDK exposes it. */
export function readFailure(error: unknown): ClientFailure {
  const value = error as {
    constructor?: { name?: string };
    status?: unknown;
    status_code?: unknown;
    name?: string;
    message?: string;
  };
  const status =
    typeof value.status === "number"
      ? value.status
      : typeof value.status_code === "number"
        ? value.status_code
        : undefined;
  return {
    className: value.constructor?.name ?? String(value.name),
    status,
    message: String(value.message),
  };
}

async function openAIChat(
  base: string,
  model: string,
  stream: boolean,
  signal?: AbortSignal,
  onFirst?: () => void,
) {
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: "client-key", maxRetries: 0 });
  const params = {
    model,
    max_tokens: MAX_TOKENS,
    messages: [
      { role: "system" as const, content: SYSTEM },
      { role: "user" as const, content: FIRST_QUESTION },
      {
        role: "assistant" as const,
        content: null,
        tool_calls: [
          {
            id: "call_paris",
            type: "function" as const,
            function: { name: TOOL_NAME, arguments: JSON.stringify(PARIS) },
          },
        ],
      },
      { role: "tool" as const, tool_call_id: "call_paris", content: TOOL_RESULT },
      { role: "assistant" as const, content: FIRST_ANSWER },
      { role: "user" as const, content: QUESTION },
    ],
    tools: [
      {
        type: "function" as const,
        function: { name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: TOOL_PARAMETERS },
      },
    ],
  };
  if (!stream) {
    const completion = await client.chat.completions.create(
      { ...params, stream: false },
      { signal },
    );
    const choice = completion.choices[0];
    const call = choice?.message.tool_calls?.[0];
    return {
      text: choice?.message.content ?? "",
      call:
        call?.type === "function"
          ? { name: call.function.name, args: JSON.parse(call.function.arguments) }
          : undefined,
      finish: choice?.finish_reason,
      usage: {
        input: completion.usage?.prompt_tokens,
        output: completion.usage?.completion_tokens,
      },
    };
  }
  const chunks = await client.chat.completions.create(
    { ...params, stream: true, stream_options: { include_usage: true } },
    { signal },
  );
  let text = "";
  let name = "";
  let args = "";
  let finish: unknown;
  let usage = { input: undefined as unknown, output: undefined as unknown };
  for await (const chunk of chunks) {
    onFirst?.();
    const choice = chunk.choices[0];
    text += choice?.delta.content ?? "";
    for (const call of choice?.delta.tool_calls ?? []) {
      name += call.function?.name ?? "";
      args += call.function?.arguments ?? "";
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
    if (chunk.usage)
      usage = { input: chunk.usage.prompt_tokens, output: chunk.usage.completion_tokens };
  }
  return { text, call: name === "" ? undefined : { name, args: JSON.parse(args) }, finish, usage };
}

async function responses(
  base: string,
  model: string,
  stream: boolean,
  signal?: AbortSignal,
  onFirst?: () => void,
) {
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: "client-key", maxRetries: 0 });
  const params = {
    model,
    instructions: SYSTEM,
    max_output_tokens: MAX_TOKENS,
    input: [
      { role: "user" as const, content: FIRST_QUESTION },
      {
        type: "function_call" as const,
        call_id: "call_paris",
        name: TOOL_NAME,
        arguments: JSON.stringify(PARIS),
      },
      { type: "function_call_output" as const, call_id: "call_paris", output: TOOL_RESULT },
      { role: "assistant" as const, content: FIRST_ANSWER },
      { role: "user" as const, content: QUESTION },
    ],
    tools: [
      {
        type: "function" as const,
        name: TOOL_NAME,
        description: TOOL_DESCRIPTION,
        parameters: TOOL_PARAMETERS,
        strict: false,
      },
    ],
  };
  const read = (response: OpenAI.Responses.Response, text: string) => {
    const call = response.output.find((item) => item.type === "function_call");
    return {
      text,
      call:
        call?.type === "function_call"
          ? { name: call.name, args: JSON.parse(call.arguments) }
          : undefined,
      finish: response.status,
      usage: { input: response.usage?.input_tokens, output: response.usage?.output_tokens },
    };
  };
  if (!stream) {
    const response = await client.responses.create({ ...params, stream: false }, { signal });
    return read(response, response.output_text);
  }
  const events = await client.responses.create({ ...params, stream: true }, { signal });
  let text = "";
  let final: OpenAI.Responses.Response | undefined;
  for await (const event of events) {
    onFirst?.();
    if (event.type === "response.output_text.delta") text += event.delta;
    if (event.type === "response.completed" || event.type === "response.incomplete")
      final = event.response;
    if (event.type === "response.failed")
      throw new Error(`response.failed: ${event.response.error?.message}`);
  }
  if (final === undefined) throw new Error("The Responses stream ended without response.completed");
  return read(final, text);
}

async function anthropic(
  base: string,
  model: string,
  stream: boolean,
  signal?: AbortSignal,
  onFirst?: () => void,
) {
  const client = new Anthropic({ baseURL: base, apiKey: "client-key", maxRetries: 0 });
  const params = {
    model,
    system: SYSTEM,
    max_tokens: MAX_TOKENS,
    messages: [
      { role: "user" as const, content: FIRST_QUESTION },
      {
        role: "assistant" as const,
        content: [{ type: "tool_use" as const, id: "toolu_paris", name: TOOL_NAME, input: PARIS }],
      },
      {
        role: "user" as const,
        content: [
          { type: "tool_result" as const, tool_use_id: "toolu_paris", content: TOOL_RESULT },
        ],
      },
      { role: "assistant" as const, content: FIRST_ANSWER },
      { role: "user" as const, content: QUESTION },
    ],
    tools: [
      {
        name: TOOL_NAME,
        description: TOOL_DESCRIPTION,
        input_schema: TOOL_PARAMETERS as Anthropic.Messages.Tool.InputSchema,
      },
    ],
  };
  let message: Anthropic.Messages.Message;
  if (stream) {
    // MessageStream applies each event to a snapshot and throws on an impossible order.
    const events = client.messages.stream(params, { signal });
    events.on("streamEvent", () => onFirst?.());
    message = await events.finalMessage();
  } else message = await client.messages.create(params, { signal });
  const use = message.content.find((block) => block.type === "tool_use");
  return {
    text: message.content.map((block) => (block.type === "text" ? block.text : "")).join(""),
    call: use?.type === "tool_use" ? { name: use.name, args: use.input } : undefined,
    finish: message.stop_reason,
    usage: { input: message.usage.input_tokens, output: message.usage.output_tokens },
  };
}

async function gemini(
  base: string,
  model: string,
  stream: boolean,
  signal?: AbortSignal,
  onFirst?: () => void,
) {
  const client = new GoogleGenAI({ apiKey: "client-key", httpOptions: { baseUrl: base } });
  const params = {
    model,
    contents: [
      { role: "user", parts: [{ text: FIRST_QUESTION }] },
      { role: "model", parts: [{ functionCall: { name: TOOL_NAME, args: PARIS } }] },
      {
        role: "user",
        parts: [{ functionResponse: { name: TOOL_NAME, response: { result: TOOL_RESULT } } }],
      },
      { role: "model", parts: [{ text: FIRST_ANSWER }] },
      { role: "user", parts: [{ text: QUESTION }] },
    ],
    config: {
      systemInstruction: SYSTEM,
      maxOutputTokens: MAX_TOKENS,
      tools: [
        {
          functionDeclarations: [
            {
              name: TOOL_NAME,
              description: TOOL_DESCRIPTION,
              parametersJsonSchema: TOOL_PARAMETERS,
            },
          ],
        },
      ],
      ...(signal === undefined ? {} : { abortSignal: signal }),
    },
  };
  if (!stream) {
    const response = await client.models.generateContent(params);
    const call = response.functionCalls?.[0];
    return {
      text: (response.candidates?.[0]?.content?.parts ?? [])
        .map((part) => part.text ?? "")
        .join(""),
      call: call === undefined ? undefined : { name: call.name ?? "", args: call.args },
      finish: response.candidates?.[0]?.finishReason,
      usage: {
        input: response.usageMetadata?.promptTokenCount,
        output: response.usageMetadata?.candidatesTokenCount,
      },
    };
  }
  let text = "";
  let call: ClientResult["call"];
  let finish: unknown;
  let usage = { input: undefined as unknown, output: undefined as unknown };
  for await (const chunk of await client.models.generateContentStream(params)) {
    onFirst?.();
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
      text += part.text ?? "";
      if (part.functionCall !== undefined)
        call = { name: part.functionCall.name ?? "", args: part.functionCall.args };
    }
    finish = chunk.candidates?.[0]?.finishReason ?? finish;
    if (chunk.usageMetadata !== undefined) {
      usage = {
        input: chunk.usageMetadata.promptTokenCount,
        output: chunk.usageMetadata.candidatesTokenCount,
      };
    }
  }
  return { text, call, finish, usage };
}

async function ollama(
  base: string,
  model: string,
  stream: boolean,
  signal?: AbortSignal,
  onFirst?: () => void,
) {
  const client = new Ollama({ host: base });
  const params = {
    model,
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: FIRST_QUESTION },
      {
        role: "assistant",
        content: "",
        tool_calls: [{ function: { name: TOOL_NAME, arguments: PARIS } }],
      },
      { role: "tool", content: TOOL_RESULT, tool_name: TOOL_NAME },
      { role: "assistant", content: FIRST_ANSWER },
      { role: "user", content: QUESTION },
    ],
    tools: [
      {
        type: "function",
        function: { name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: TOOL_PARAMETERS },
      },
    ],
    options: { num_predict: MAX_TOKENS },
  };
  const read = (parts: ChatResponse[]) => {
    const last = parts.at(-1);
    const call = parts.flatMap((part) => part.message.tool_calls ?? [])[0];
    return {
      text: parts.map((part) => part.message.content).join(""),
      call:
        call === undefined
          ? undefined
          : { name: call.function.name, args: call.function.arguments },
      finish: last?.done_reason,
      usage: { input: last?.prompt_eval_count, output: last?.eval_count },
    };
  };
  // The SDK's parameter types name its own message and tool shapes; these are those, as literals.
  if (!stream) return read([await client.chat({ ...(params as ChatRequest), stream: false })]);
  const iterator = await client.chat({ ...(params as ChatRequest), stream: true });
  signal?.addEventListener("abort", () => iterator.abort(), { once: true });
  const parts: ChatResponse[] = [];
  for await (const part of iterator) {
    onFirst?.();
    parts.push(part);
  }
  return read(parts);
}
