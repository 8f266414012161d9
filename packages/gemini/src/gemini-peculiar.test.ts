import {
  accumulate,
  createAutoDecoder,
  type DeltaEvent,
  decodeAll,
  decodeAuto,
  encodeAll,
  type StreamEvent,
  type WireMessage,
} from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import { describe, expect, it } from "vitest";
import { MAX_CANDIDATE_INDEX } from "./decode-gemini.js";
import { detectGemini } from "./detect-gemini.js";
import { gemini } from "./gemini-dialect.js";
import { mapGeminiRequest } from "./map-gemini-request.js";

const chunk = (index: number, text: string, finish?: string) =>
  JSON.stringify({
    candidates: [
      {
        content: { parts: [{ text }], role: "model" },
        index,
        ...(finish ? { finishReason: finish } : {}),
      },
    ],
  });

describe("gemini peculiar cases", () => {
  it("reads candidate indexes up to the limit, and refuses one past it", () => {
    // Core bounds choices at 128 by default: the decoder's own limit shows past it.
    const limits = { maxChoices: MAX_CANDIDATE_INDEX + 2 };
    const at = decodeAll(`data: ${chunk(MAX_CANDIDATE_INDEX, "x", "STOP")}\n\n`, gemini, limits);
    expect(at).toContainEqual({
      type: "text-delta",
      choice: MAX_CANDIDATE_INDEX,
      part: 0,
      text: "x",
    });
    const past = decodeAll(
      `data: ${chunk(MAX_CANDIDATE_INDEX + 1, "x", "STOP")}\n\n`,
      gemini,
      limits,
    );
    expect(past.filter((e) => e.type === "error").map((e) => e.type === "error" && e.code)).toEqual(
      ["invalid-event", "cut-off"],
    );
  });

  it("reads an error object after the JSON array's last element, and a body that is only an error", () => {
    const error =
      '{\n  "error": {\n    "code": 429,\n    "message": "Quota exceeded",\n    "status": "RESOURCE_EXHAUSTED"\n  }\n}\n';
    for (const body of [`[${chunk(0, "Hi")}\n]${error}`, `[${chunk(0, "Hi")},\n${error}]`, error]) {
      const events = decodeAll(body, gemini);
      expect(events.at(-2)).toMatchObject({
        type: "error",
        code: "provider-error",
        message: "Quota exceeded",
      });
      expect(events.at(-1)).toEqual({ type: "end", reason: "error" });
    }
  });

  it("reports malformed JSON and goes on", () => {
    const events = decodeAll(`data: {"candidates":\n\ndata: ${chunk(0, "ok", "STOP")}\n\n`, gemini);
    expect(events.map((e) => e.type)).toEqual(["error", "role", "text-delta", "finish", "end"]);
  });

  it("writes a cut-off as a Google error that decodes back to a cut-off", () => {
    const wire = encodeAll(
      [
        { type: "text-delta", choice: 0, text: "a" },
        { type: "error", code: "cut-off", message: "ended early" },
        { type: "end", reason: "cut-off" },
      ],
      gemini,
    );
    expect(wire).toContain('"status":"INTERNAL"');
    expect(decodeAll(wire, gemini).slice(-2)).toEqual([
      { type: "error", code: "cut-off", message: "ended early" },
      { type: "end", reason: "cut-off" },
    ]);
  });

  it("holds the cumulative usage until the response is complete: one usage event, the last value", () => {
    const withUsage = (json: string, candidates: number) =>
      `data: ${json.slice(0, -1)},"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":${candidates},"totalTokenCount":${3 + candidates}}}\r\n\r\n`;
    const body = [
      withUsage(chunk(0, "a"), 1),
      withUsage(chunk(0, "b"), 2),
      withUsage(chunk(0, "c", "STOP"), 3),
    ].join("");
    const events = decodeAll(body, gemini);
    const usage = { type: "usage", promptTokens: 3, completionTokens: 3, totalTokens: 6 };
    expect(events.filter((e) => e.type === "usage")).toEqual([usage]);
    expect(events.slice(-3).map((e) => e.type)).toEqual(["finish", "usage", "end"]);
    // A chunk after the finish that changes it: emitted at once; one that repeats it: nothing.
    const later = `${body}${withUsage('{"candidates":[]}', 4)}${withUsage('{"candidates":[]}', 4)}`;
    expect(decodeAll(later, gemini).filter((e) => e.type === "usage")).toEqual([
      usage,
      { type: "usage", promptTokens: 3, completionTokens: 4, totalTokens: 7 },
    ]);
    // Cut off before the finish: the last value, before the cut-off.
    const cut = decodeAll(body.slice(0, body.lastIndexOf("data:")), gemini);
    expect(cut.slice(-3).map((e) => e.type)).toEqual(["usage", "error", "end"]);
    expect(cut.filter((e) => e.type === "usage")).toEqual([
      { type: "usage", promptTokens: 3, completionTokens: 2, totalTokens: 5 },
    ]);
  });

  it("reads text chunks that differ in text and usage counts without parsing, with the same usage", () => {
    const withUsage = (text: string, candidates: number, finish?: string) =>
      `data: ${chunk(0, text, finish).slice(0, -1)},"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":${candidates},"totalTokenCount":${3 + candidates},"promptTokensDetails":[{"modality":"TEXT","tokenCount":3}]},"modelVersion":"m"}\r\n\r\n`;
    const texts = ["one", " two", " three", " four", " five", " six"];
    const run = texts.map((text, i) => withUsage(text, i + 1)).join("");
    // Ended by a chunk without usage, cut off, or with a finish after which counts change.
    const endings = [
      `data: ${chunk(0, "", "STOP")}\r\n\r\n`,
      "",
      // After the finish: steady chunks, the last with changed counts (which owe a usage event).
      `${withUsage("", 7, "STOP")}${[" seven", " eight", " nine"].map((text) => withUsage(text, 7)).join("")}${withUsage(" ten", 10)}${withUsage(" eleven", 10)}`,
    ];
    const repeats = [3, 3, 3];
    const { steadyDeltas: _, ...full } = gemini;
    let read = 0;
    const counting = {
      ...gemini,
      createDecoder: (emit: (event: StreamEvent) => void) => {
        const decoder = gemini.createDecoder(emit);
        return {
          message: (message: Parameters<typeof decoder.message>[0]) => {
            read++;
            decoder.message(message);
          },
          end: () => decoder.end(),
          repeated: (event: DeltaEvent, message: WireMessage) => decoder.repeated?.(event, message),
        };
      },
    };
    for (const [i, ending] of endings.entries()) {
      read = 0;
      const body = `${run}${ending}`;
      const events = decodeAll(body, counting);
      expect(events).toEqual(decodeAll(body, full as typeof gemini));
      // The run's 4th to 6th chunks are repeats (the 2nd and 3rd arm the template); after the
      // finish every repeat is refused and read the full way.
      expect(body.split("data: ").length - 1 - read).toBe(repeats[i]);
    }
    // Parts are not announced: a text after thoughts is a new part, though its chunk repeats the
    // text chunks before them but for its text (found by the events round trip property).
    const thought = (text: string) =>
      `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text, thought: true }], role: "model" }, index: 0 }] })}\r\n\r\n`;
    const plain = (text: string) => `data: ${chunk(0, text)}\r\n\r\n`;
    const turns = [plain("a"), plain("b"), plain("c"), thought("t"), thought("u"), thought("v")];
    const alternating = `${turns.join("")}${plain("d")}${thought("w")}${plain("e")}`;
    expect(decodeAll(alternating, gemini)).toEqual(decodeAll(alternating, full as typeof gemini));
    expect(
      decodeAll(alternating, gemini)
        .filter((e) => e.type === "text-delta")
        .map((e) => e.part),
    ).toEqual([0, 0, 0, 2, 4]);
    const usage = (events: StreamEvent[]) => events.filter((e) => e.type === "usage");
    expect(usage(decodeAll(`${run}${endings[0]}`, gemini))).toMatchObject([
      { type: "usage", promptTokens: 3, completionTokens: 6, totalTokens: 9 },
    ]);
    expect(usage(decodeAll(`${run}${endings[2]}`, gemini)).at(-1)).toMatchObject({
      type: "usage",
      promptTokens: 3,
      completionTokens: 10,
      totalTokens: 13,
    });
  });

  it("is detected from its first chunk, as SSE or as a JSON array", async () => {
    expect(detectGemini({ contentType: undefined, messages: [{ data: chunk(0, "a") }] })).toBe(
      "yes",
    );
    expect(detectGemini({ contentType: undefined, messages: [{ data: '{"choices":[]}' }] })).toBe(
      "no",
    );
    const sse = `data: ${chunk(0, "Hi", "STOP")}\r\n\r\n`;
    const events = [];
    async function* body() {
      yield new TextEncoder().encode(sse);
    }
    for await (const e of decodeAuto(body(), dialects)) events.push(e);
    expect(events).toContainEqual({ type: "text-delta", choice: 0, part: 0, text: "Hi" });
  });

  it("is the dialect `auto` picks for a JSON array, and for a body that is only Google's error", () => {
    const auto = (text: string, contentType?: string) => {
      const events: StreamEvent[] = [];
      const decoder = createAutoDecoder(dialects, (e) => events.push(e), { contentType });
      decoder.push(text);
      decoder.close();
      return { dialect: decoder.dialect?.name, events };
    };
    const array = `[${chunk(0, "Hi")},\r\n${chunk(0, "!", "STOP")}]`;
    for (const contentType of [undefined, "application/json; charset=UTF-8"]) {
      const { dialect, events } = auto(array, contentType);
      expect(dialect).toBe("gemini");
      expect(events).toEqual(decodeAll(array, gemini));
    }
    // Google's front end answers a failed request with the error alone, pretty-printed.
    const error = JSON.stringify(
      { error: { code: 429, message: "Resource exhausted", status: "RESOURCE_EXHAUSTED" } },
      null,
      2,
    );
    const failed = auto(`${error}\n`, "application/json");
    expect(failed.dialect).toBe("gemini");
    expect(failed.events[0]).toMatchObject({ type: "error", code: "provider-error" });
    // Gemini's framing claims a stream that opens with `{` too; Ollama's lines stay Ollama's.
    const lines = '{"model":"m","message":{"role":"assistant","content":"Hi"},"done":false}\n';
    expect(auto(lines).dialect).toBe("ollama");
  });

  it("ends a streamed call at the finish, at another part, and keeps its arguments valid JSON", () => {
    const part = (functionCall: object, finish?: string) =>
      `data: ${JSON.stringify({
        candidates: [
          {
            content: { role: "model", parts: [{ functionCall }] },
            ...(finish ? { finishReason: finish } : {}),
          },
        ],
      })}\n\n`;
    const arg = (jsonPath: string, stringValue: string, willContinue = false) => ({
      jsonPath,
      stringValue,
      ...(willContinue ? { willContinue } : {}),
    });
    const events = decodeAll(
      part({ name: "f", willContinue: true, partialArgs: [arg("$.q", "ab", true)] }) +
        // A piece out of order is refused; the call goes on.
        part({
          partialArgs: [arg("$.q", "c"), { jsonPath: "$[0]", numberValue: 1 }],
          willContinue: true,
        }) +
        // A new named call: the streamed one is over, though no `{}` part said so.
        part({ name: "g", args: { x: 1 } }) +
        part({ name: "h", willContinue: true }) +
        part({ args: { y: [2] }, willContinue: true }, "STOP"),
      gemini,
    );
    const calls = accumulate(events).choices[0]!.toolCalls;
    expect(calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ["f", { q: "abc" }],
      ["g", { x: 1 }],
      ["h", { y: [2] }],
    ]);
    expect(
      events.filter((e) => e.type === "error").map((e) => e.type === "error" && e.code),
    ).toEqual(["invalid-event"]);
    expect(events.at(-1)?.type).toBe("end");
  });

  it("keeps every digit of whole arguments on a part of a streamed call", () => {
    // The arguments come whole on the call's second part, in a chunk of their own.
    const chunk = (functionCall: string, finish = "") =>
      `data: {"candidates":[{"content":{"role":"model","parts":[{"functionCall":${functionCall}}]}${finish}}]}\n\n`;
    const events = decodeAll(
      chunk('{"name":"h","willContinue":true}') +
        chunk('{"args":{"order":12345678901234567890,"scale":1e400},"willContinue":true}') +
        chunk("{}", ',"finishReason":"STOP"'),
      gemini,
    );
    const calls = accumulate(events).choices[0]!.toolCalls;
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([
      ["h", '{"order":12345678901234567890,"scale":1e400}'],
    ]);
  });

  it("maps an OpenAI request to streamGenerateContent", () => {
    const mapped = mapGeminiRequest(
      {
        model: "gemini-2.5-flash",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "c1",
                type: "function",
                function: { name: "w", arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: "tool", tool_call_id: "c1", content: "sunny" },
        ],
        max_tokens: 50,
        tools: [{ type: "function", function: { name: "w", parameters: { type: "object" } } }],
        logprobs: true,
      },
      "https://g/v1beta/chat/completions",
      false,
    );
    expect(mapped).toEqual({
      url: "https://g/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
      body: {
        contents: [
          { role: "user", parts: [{ text: "Weather?" }] },
          {
            role: "model",
            parts: [{ functionCall: { name: "w", args: { city: "Paris" }, id: "c1" } }],
          },
          {
            role: "user",
            parts: [{ functionResponse: { name: "w", response: { result: "sunny" }, id: "c1" } }],
          },
        ],
        systemInstruction: { parts: [{ text: "Be brief." }] },
        tools: [{ functionDeclarations: [{ name: "w", parameters: { type: "object" } }] }],
        generationConfig: { maxOutputTokens: 50 },
      },
    });
    expect(gemini.mapRequest).toBe(mapGeminiRequest);
  });
});
