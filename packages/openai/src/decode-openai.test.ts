import { decodeAll, type StreamEvent, streamEventSchema } from "@sse-dialects/core";
import {
  checkConversion,
  checkSplitInvariance,
  checkWireRoundTrip,
  loadFixtures,
} from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { openai } from "./openai-dialect.js";

const fixtures = loadFixtures("openai");
const json = (events: StreamEvent[]) => JSON.parse(JSON.stringify(events)) as StreamEvent[];
const decode = (sse: string, options = {}) => json(decodeAll(sse, openai, { dialect: options }));

describe("openai fixtures", () => {
  it("has at least 15 fixtures, each with its expected events", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    for (const fixture of fixtures) expect(fixture.events, fixture.name).toBeDefined();
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))("%s", (_, fixture) => {
    it("decodes to its expected events, every one valid", () => {
      const events = decodeAll(fixture.bytes, openai);
      expect(json(events)).toEqual(fixture.events);
      for (const event of events) streamEventSchema.parse(event);
    });

    it("decodes the same however the bytes are split", () => {
      checkSplitInvariance(openai, fixture.bytes, { numRuns: 40 });
    });

    it("re-encodes to a stream with the same events (wire first)", () => {
      checkWireRoundTrip(openai, fixture.bytes);
      checkWireRoundTrip(openai, fixture.bytes, {
        encode: { dialect: { usage: "finish-chunk", reasoningField: "reasoning" } },
      });
    });

    it("keeps its meaning through OpenAI → OpenAI conversion", () => {
      checkConversion(openai, openai, fixture.bytes);
    });
  });
});

const chunk = (body: object) =>
  `data: ${JSON.stringify({ object: "chat.completion.chunk", ...body })}\n\n`;
const DONE = "data: [DONE]\n\n";

describe("decoder details", () => {
  it("drops `obfuscation` unless asked to keep it", () => {
    const sse =
      chunk({ id: "a", choices: [], obfuscation: "x1" }) +
      chunk({ id: "a", choices: [], obfuscation: "y2" }) +
      DONE;
    expect(decode(sse).filter((e) => e.type === "extra")).toEqual([]);
    expect(decode(sse, { keepObfuscation: true }).filter((e) => e.type === "extra")).toEqual([
      { type: "extra", dialect: "openai", scope: "response", fields: { obfuscation: "x1" } },
      { type: "extra", dialect: "openai", scope: "response", fields: { obfuscation: "y2" } },
    ]);
  });

  it("reports only the metadata that changed, and a repeated response extra once", () => {
    const sse =
      chunk({ id: "a", model: "m", x: { k: 1 }, choices: [] }) +
      chunk({ id: "a", model: "m", x: { k: 1 }, choices: [] }) +
      chunk({ id: "b", x: { k: 1 }, choices: [] }) +
      DONE;
    expect(decode(sse).slice(0, -1)).toEqual([
      { type: "metadata", id: "a", model: "m" },
      { type: "extra", dialect: "openai", scope: "response", fields: { x: { k: 1 } } },
      { type: "metadata", id: "b" },
    ]);
  });

  it("reports a role repeated on every chunk once, and `reasoning` sent beside the same `reasoning_content` once", () => {
    const sse =
      chunk({
        choices: [
          { index: 0, delta: { role: "assistant", reasoning: "hm", reasoning_content: "hm" } },
        ],
      }) +
      chunk({ choices: [{ index: 0, delta: { role: "assistant", content: "ok" } }] }) +
      DONE;
    expect(decode(sse).slice(0, -1)).toEqual([
      { type: "role", choice: 0, role: "assistant" },
      { type: "reasoning-delta", choice: 0, text: "hm" },
      { type: "text-delta", choice: 0, text: "ok" },
    ]);
  });

  it("gives a call that reuses an open index under a new id an index of its own", () => {
    const call = (id: string, args: string) => ({
      index: 0,
      id,
      function: { name: "f", arguments: args },
    });
    const sse =
      chunk({ choices: [{ index: 0, delta: { tool_calls: [call("c1", "{}")] } }] }) +
      chunk({ choices: [{ index: 0, delta: { tool_calls: [call("c2", '{"a":1}')] } }] }) +
      chunk({ choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] }) +
      DONE;
    expect(decode(sse).slice(0, -1)).toEqual([
      { type: "tool-call-start", choice: 0, index: 0, id: "c1", name: "f" },
      { type: "tool-call-delta", choice: 0, index: 0, delta: "{}" },
      { type: "tool-call-start", choice: 0, index: 1, id: "c2", name: "f" },
      { type: "tool-call-delta", choice: 0, index: 1, delta: '{"a":1}' },
      { type: "tool-call-end", choice: 0, index: 0 },
      { type: "tool-call-end", choice: 0, index: 1 },
      { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_calls" },
    ]);
  });

  it("continues a call whose later fragments repeat its id", () => {
    const frag = (args: string) => ({
      index: 0,
      id: "c1",
      function: { name: "f", arguments: args },
    });
    const sse =
      chunk({ choices: [{ index: 0, delta: { tool_calls: [frag('{"a"')] } }] }) +
      chunk({ choices: [{ index: 0, delta: { tool_calls: [frag(":1}")] } }] }) +
      DONE;
    expect(decode(sse).filter((e) => e.type === "tool-call-start")).toHaveLength(1);
  });

  it("restores the code of an error sse-dialects wrote, and keeps a provider's error whole", () => {
    const ours = `data: {"error":{"message":"gone","type":"stream_error","code":"cut-off"}}\n\n${DONE}`;
    expect(decode(ours)).toEqual([
      { type: "error", code: "cut-off", message: "gone" },
      { type: "end", reason: "cut-off" },
    ]);
    const theirs = `data: {"error":{"message":"gone","type":"stream_error","code":"cut-off","param":null}}\n\n${DONE}`;
    expect(decode(theirs)[0]).toMatchObject({ code: "provider-error", data: { param: null } });
  });

  it("keeps a named event as unknown, except an error", () => {
    const sse = `event: ping\ndata: {"t":1}\n\nevent: error\ndata: {"error":"boom"}\n\n${DONE}`;
    expect(decode(sse)).toEqual([
      { type: "unknown", dialect: "openai", event: "ping", data: { t: 1 } },
      { type: "error", code: "provider-error", message: "boom", data: "boom", dialect: "openai" },
      { type: "end", reason: "error" },
    ]);
  });

  it("treats null fields as absent and non-string values of known fields as extras", () => {
    const sse =
      chunk({
        id: null,
        model: 7,
        choices: [
          { index: 0, delta: { content: null, refusal: 3 }, finish_reason: null, logprobs: null },
        ],
      }) + DONE;
    expect(decode(sse).slice(0, -1)).toEqual([
      { type: "extra", dialect: "openai", scope: "response", fields: { model: 7 } },
      { type: "extra", dialect: "openai", scope: "delta", choice: 0, fields: { refusal: 3 } },
    ]);
  });

  it("never throws on odd payloads", () => {
    const odd = [
      "null",
      "[]",
      '"x"',
      "1",
      '{"choices":null}',
      '{"choices":[null,1,{"delta":5}]}',
      '{"object":"chat.completion.chunk"}',
    ];
    for (const data of odd) {
      const events = decodeAll(`data: ${data}\n\n${DONE}`, openai);
      for (const event of events) streamEventSchema.parse(event);
    }
  });
});
