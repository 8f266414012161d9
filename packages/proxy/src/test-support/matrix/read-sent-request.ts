import type { UpstreamDialect } from "./serve-matrix-upstream.js";

/** What an upstream request said, read from its own wire fields (not through the code under test). */
export interface SentRequest {
  system: string;
  /** The conversation's roles in order, in the normalized words user / assistant / tool. */
  turns: string[];
  call: { key: string; name: string; args: unknown };
  result: { key: string; text: string };
  lastUser: string;
  tool: { name: string; parameters: unknown };
  maxTokens: unknown;
  stream: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: five dialects' request bodies, read field by field.
type Json = Record<string, any>;

/** Text of a content that is a string or a list of text parts (any dialect's part names). */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part: Json) => (typeof part === "string" ? part : (part.text ?? "")))
      .join("");
  }
  if (content !== null && typeof content === "object") return JSON.stringify(content);
  return "";
}

export function readSentRequest(dialect: UpstreamDialect, body: Json): SentRequest {
  switch (dialect) {
    case "openai": {
      const messages: Json[] = body.messages ?? [];
      const system = messages.filter((m) => m.role === "system" || m.role === "developer");
      const rest = messages.filter((m) => m.role !== "system" && m.role !== "developer");
      const callMessage = rest.find((m) => Array.isArray(m.tool_calls));
      const call = callMessage?.tool_calls[0];
      const result = rest.find((m) => m.role === "tool");
      return {
        system: system.map((m) => textOf(m.content)).join("\n"),
        turns: rest.map((m) =>
          m.role === "assistant" ? "assistant" : m.role === "tool" ? "tool" : "user",
        ),
        call: {
          key: call?.id,
          name: call?.function?.name,
          args: JSON.parse(call?.function?.arguments ?? "null"),
        },
        result: { key: result?.tool_call_id, text: textOf(result?.content) },
        lastUser: textOf(rest.at(-1)?.content),
        tool: {
          name: body.tools?.[0]?.function?.name,
          parameters: body.tools?.[0]?.function?.parameters,
        },
        maxTokens: body.max_completion_tokens ?? body.max_tokens,
        stream: body.stream,
      };
    }
    case "anthropic": {
      const messages: Json[] = body.messages ?? [];
      const blocks = (m: Json): Json[] => (Array.isArray(m.content) ? m.content : []);
      const use = messages.flatMap(blocks).find((b) => b.type === "tool_use");
      const result = messages.flatMap(blocks).find((b) => b.type === "tool_result");
      return {
        system: textOf(body.system),
        turns: messages.map((m) =>
          m.role === "assistant"
            ? "assistant"
            : blocks(m).some((b) => b.type === "tool_result")
              ? "tool"
              : "user",
        ),
        call: { key: use?.id, name: use?.name, args: use?.input },
        result: { key: result?.tool_use_id, text: textOf(result?.content) },
        lastUser: textOf(messages.at(-1)?.content),
        tool: { name: body.tools?.[0]?.name, parameters: body.tools?.[0]?.input_schema },
        maxTokens: body.max_tokens,
        stream: body.stream,
      };
    }
    case "responses": {
      const input: Json[] = Array.isArray(body.input)
        ? body.input
        : [{ role: "user", content: body.input }];
      const system = input.filter((i) => i.role === "system" || i.role === "developer");
      const rest = input.filter((i) => i.role !== "system" && i.role !== "developer");
      const call = rest.find((i) => i.type === "function_call");
      const result = rest.find((i) => i.type === "function_call_output");
      return {
        system: [body.instructions ?? "", ...system.map((i) => textOf(i.content))]
          .filter((s) => s !== "")
          .join("\n"),
        turns: rest.map((i) =>
          i.type === "function_call" || i.role === "assistant"
            ? "assistant"
            : i.type === "function_call_output"
              ? "tool"
              : "user",
        ),
        call: { key: call?.call_id, name: call?.name, args: JSON.parse(call?.arguments ?? "null") },
        result: { key: result?.call_id, text: textOf(result?.output) },
        lastUser: textOf(rest.at(-1)?.content),
        tool: { name: body.tools?.[0]?.name, parameters: body.tools?.[0]?.parameters },
        maxTokens: body.max_output_tokens,
        stream: body.stream,
      };
    }
    case "gemini": {
      const contents: Json[] = body.contents ?? [];
      const parts = (c: Json): Json[] => c.parts ?? [];
      const call = contents.flatMap(parts).find((p) => p.functionCall !== undefined)?.functionCall;
      const response = contents
        .flatMap(parts)
        .find((p) => p.functionResponse !== undefined)?.functionResponse;
      const declaration = body.tools?.[0]?.functionDeclarations?.[0];
      return {
        system: textOf(body.systemInstruction?.parts),
        turns: contents.map((c) =>
          c.role === "model"
            ? "assistant"
            : parts(c).some((p) => p.functionResponse !== undefined)
              ? "tool"
              : "user",
        ),
        // Gemini pairs a response with its call by name (and id, when the call had one).
        call: { key: call?.id ?? call?.name, name: call?.name, args: call?.args },
        result: { key: response?.id ?? response?.name, text: textOf(response?.response) },
        lastUser: textOf(contents.at(-1)?.parts),
        tool: {
          name: declaration?.name,
          parameters: declaration?.parametersJsonSchema ?? declaration?.parameters,
        },
        maxTokens: body.generationConfig?.maxOutputTokens,
        stream: true,
      };
    }
    case "ollama": {
      const messages: Json[] = body.messages ?? [];
      const system = messages.filter((m) => m.role === "system");
      const rest = messages.filter((m) => m.role !== "system");
      const call = rest.find((m) => Array.isArray(m.tool_calls))?.tool_calls[0];
      const result = rest.find((m) => m.role === "tool");
      return {
        system: system.map((m) => textOf(m.content)).join("\n"),
        turns: rest.map((m) =>
          m.role === "assistant" ? "assistant" : m.role === "tool" ? "tool" : "user",
        ),
        // Ollama pairs a result with its call by the tool's name (`tool_name`).
        call: {
          key: call?.function?.name,
          name: call?.function?.name,
          args: call?.function?.arguments,
        },
        result: { key: result?.tool_name, text: textOf(result?.content) },
        lastUser: textOf(rest.at(-1)?.content),
        tool: {
          name: body.tools?.[0]?.function?.name,
          parameters: body.tools?.[0]?.function?.parameters,
        },
        maxTokens: body.options?.num_predict,
        stream: body.stream,
      };
    }
  }
}
