import {
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  chatRequestSchema,
  type DialectRequests,
  type JsonValue,
  parseJson,
  RequestError,
  type Tool,
} from "@sse-dialects/core";
import fc from "fast-check";
import { expect } from "vitest";

/**
 * fast-check properties for the request side, shared by every dialect's request tests.
 *
 * `arbitraryCommonRequest` makes requests every tool-capable dialect can express: top-level
 * instructions, user and assistant text, an assistant's tool calls (with ids) answered by tool
 * results in the next message, function tools with a JSON schema, a tool choice, and the
 * sampling fields the dialect names. `checkRequestRoundTrip` asserts two things of
 * `parse(build(request))`: its conversation (`conversationOf`) and the named fields equal the
 * request's — what the target can express is kept — and one more build and parse changes
 * nothing at all (the dialect reads back everything it writes, `extra` included).
 */

/** A named field of the request a dialect carries. */
export type RequestField =
  | "maxTokens"
  | "temperature"
  | "topP"
  | "topK"
  | "stop"
  | "seed"
  | "presencePenalty"
  | "frequencyPenalty";

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim() !== "");
const args = fc
  .dictionary(word, fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.boolean()), {
    maxKeys: 3,
  })
  .map((value) => JSON.stringify(value));

const fieldArbitraries: Record<RequestField, fc.Arbitrary<JsonValue>> = {
  maxTokens: fc.integer({ min: 1, max: 100_000 }),
  temperature: fc.integer({ min: 0, max: 20 }).map((value) => value / 10),
  topP: fc.integer({ min: 1, max: 100 }).map((value) => value / 100),
  topK: fc.integer({ min: 1, max: 100 }),
  stop: fc.array(text, { minLength: 1, maxLength: 3 }),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  presencePenalty: fc.integer({ min: -20, max: 20 }).map((value) => value / 10),
  frequencyPenalty: fc.integer({ min: -20, max: 20 }).map((value) => value / 10),
};

const textTurn = fc.oneof(
  text.map((value): ChatMessage[] => [{ role: "user", content: [{ type: "text", text: value }] }]),
  text.map((value): ChatMessage[] => [
    { role: "assistant", content: [{ type: "text", text: value }] },
  ]),
);

/** One turn: a user message, or an assistant message with text and/or tool calls answered next. */
const turn = fc.oneof(
  textTurn,
  fc
    .tuple(
      fc.option(text, { nil: undefined }),
      fc.array(fc.tuple(word, args, text), { minLength: 1, maxLength: 3 }),
    )
    .map(([lead, calls]): ChatMessage[] => {
      const content: ContentPart[] = lead === undefined ? [] : [{ type: "text", text: lead }];
      const results: ChatMessage[] = [];
      calls.forEach(([name, json, answer], at) => {
        const id = `call_${at}_${name}`;
        content.push({ type: "tool-call", id, name, arguments: json });
        results.push({
          role: "tool",
          content: [{ type: "tool-result", id, name, content: [{ type: "text", text: answer }] }],
        });
      });
      return [{ role: "assistant", content }, ...results];
    }),
);

/**
 * Requests every tool-capable dialect can express, with the given named fields; with
 * `textOnly`, a conversation of text alone and no tools (what a text-only dialect can say).
 */
export function arbitraryCommonRequest(
  fields: readonly RequestField[],
  textOnly = false,
): fc.Arbitrary<ChatRequest> {
  const named: Record<string, fc.Arbitrary<JsonValue>> = {};
  for (const field of fields) named[field] = fieldArbitraries[field];
  return fc
    .record({
      model: word,
      system: fc.option(text, { nil: undefined }),
      turns: fc.array(textOnly ? textTurn : turn, { minLength: 0, maxLength: 4 }),
      last: text,
      tools: fc.array(fc.record({ name: word, description: fc.option(text, { nil: undefined }) }), {
        maxLength: textOnly ? 0 : 2,
      }),
      choice: fc.constantFrom("auto", "required", "named", undefined),
      named: fc.record(named, { requiredKeys: [] }),
    })
    .map(({ model, system, turns, last, tools, choice, named }) => {
      const messages = [
        ...turns.flat(),
        { role: "user", content: [{ type: "text", text: last }] } as ChatMessage,
      ];
      const request = { model, messages, stream: true, ...named } as ChatRequest;
      if (system !== undefined) request.system = [{ type: "text", text: system }];
      const unique = tools.filter(
        (tool, at) => tools.findIndex((other) => other.name === tool.name) === at,
      );
      if (unique.length > 0) {
        request.tools = unique.map((tool): Tool => {
          const out: Tool = {
            type: "function",
            name: tool.name,
            parameters: { type: "object", properties: { q: { type: "string" } } },
          };
          if (tool.description !== undefined) out.description = tool.description;
          return out;
        });
        if (choice === "named") request.toolChoice = { type: "tool", name: unique[0]!.name };
        else if (choice !== undefined) request.toolChoice = choice;
      }
      return request;
    });
}

/** A text part's or a system message's text: what every dialect keeps of instructions. */
function textsOf(parts: readonly ContentPart[]): string[] {
  return parts.flatMap((part) => (part.type === "text" ? [part.text] : []));
}

/**
 * What a request says, in a form every dialect shares: the instructions (top-level `system` and
 * `system`/`developer` messages, in order), then each turn as its kind (`user` text,
 * `assistant` text and calls by name and parsed arguments, results with the name of the call
 * they answer and their text). Ids are replaced by the call they pair, messages of one role
 * that a dialect merges are merged.
 */
export function conversationOf(request: ChatRequest): JsonValue {
  const instructions = [...textsOf(request.system ?? [])];
  const names = new Map<string, string>();
  const turns: { role: string; items: JsonValue[] }[] = [];
  for (const message of request.messages) {
    if (message.role === "system" || message.role === "developer") {
      instructions.push(...textsOf(message.content));
      continue;
    }
    const items: JsonValue[] = [];
    for (const part of message.content) {
      if (part.type === "text") items.push(["text", part.text]);
      else if (part.type === "tool-call") {
        if (part.id !== undefined) names.set(part.id, part.name);
        items.push(["call", part.name, parseJson(part.arguments === "" ? "{}" : part.arguments)]);
      } else if (part.type === "tool-result") {
        const name = part.name ?? (part.id !== undefined ? names.get(part.id) : undefined);
        items.push(["result", name ?? null, textsOf(part.content).join("")]);
      }
    }
    if (items.length === 0) continue;
    const role = message.role === "assistant" ? "assistant" : "user";
    const previous = turns[turns.length - 1];
    if (previous !== undefined && previous.role === role) previous.items.push(...items);
    else turns.push({ role, items });
  }
  // Adjacent texts of one turn are one text to a dialect that joins them.
  const merged = turns.map(({ role, items }) => {
    const out: JsonValue[] = [];
    for (const item of items) {
      const previous = out[out.length - 1];
      if (
        Array.isArray(item) &&
        item[0] === "text" &&
        Array.isArray(previous) &&
        previous[0] === "text"
      )
        previous[1] = `${previous[1]}${item[1]}`;
      else out.push(Array.isArray(item) ? [...item] : item);
    }
    return { role, items: out };
  });
  return { instructions: instructions.join(""), turns: merged };
}

export interface RequestRoundTripOptions {
  requests: DialectRequests;
  /** The named fields the dialect carries. */
  fields: readonly RequestField[];
  /** Whether the dialect carries tools and the tool choice (Ollama has no tool choice). */
  toolChoice: boolean;
  /** Whether the dialect's messages are text alone (Elumenta): no tool calls, no tools. */
  textOnly?: boolean;
  /** What the dialect sends for a field the request leaves out (Anthropic's required `max_tokens`). */
  defaults?: Partial<Record<RequestField, JsonValue>>;
  runs?: number;
}

/** Asserts the round-trip properties above for one dialect. */
export function checkRequestRoundTrip(options: RequestRoundTripOptions): void {
  const { requests } = options;
  const upstream = (request: ChatRequest) => ({
    baseUrl: "http://127.0.0.1:1",
    model: request.model,
  });
  fc.assert(
    fc.property(arbitraryCommonRequest(options.fields, options.textOnly), (request) => {
      const built = requests.build(request, upstream(request));
      const back = requests.parse(built.body, { model: request.model, stream: true });
      chatRequestSchema.parse(back);
      expect(conversationOf(back)).toEqual(conversationOf(request));
      expect(back.model).toBe(request.model);
      for (const field of options.fields)
        expect(back[field]).toEqual(request[field] ?? options.defaults?.[field]);
      expect(toolsOf(back)).toEqual(toolsOf(request));
      if (options.toolChoice && request.tools !== undefined)
        expect(back.toolChoice).toEqual(request.toolChoice);
      const again = requests.parse(requests.build(back, upstream(back)).body, {
        model: back.model,
        stream: true,
      });
      expect(again).toEqual(back);
    }),
    { numRuns: options.runs ?? 200 },
  );
}

function toolsOf(request: ChatRequest): JsonValue {
  return (request.tools ?? []).map((tool) =>
    tool.type === "function"
      ? {
          name: tool.name,
          description: tool.description ?? null,
          parameters: tool.parameters ?? null,
        }
      : tool.tool,
  );
}

/** Asserts that `run` throws a `RequestError` naming `field`. */
export function expectRequestError(run: () => unknown, field: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RequestError);
  expect((caught as RequestError).field).toBe(field);
  expect((caught as RequestError).status).toBe(400);
}
