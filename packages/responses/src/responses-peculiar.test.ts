import { accumulate, decodeAll, encodeAll, type StreamEvent } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { describe, expect, it } from "vitest";
import { MAX_OUTPUT_INDEX, MAX_TRACKED_PARTS } from "./decode-responses.js";
import { detectResponses } from "./detect-responses.js";
import { responses } from "./responses-dialect.js";
import { toResponse } from "./to-response.js";

/*
 * The cases peculiar to the Responses dialect, on wire written here from the API reference's
 * streaming events (https://platform.openai.com/docs/api-reference/responses-streaming): what
 * the `.done` events and the terminal snapshot repeat, what the model does not name, and the
 * ways a Responses stream ends.
 */

/** An SSE stream of Responses events, numbered from 0 as the API numbers them. */
function wire(...events: Record<string, unknown>[]): string {
  return events
    .map(
      (e, i) =>
        `event: ${String(e.type)}\ndata: ${JSON.stringify({ type: e.type, sequence_number: i, ...e })}\n\n`,
    )
    .join("");
}

const response = (status: string, extra: Record<string, unknown> = {}) => ({
  id: "resp_1",
  object: "response",
  created_at: 1741290958,
  status,
  model: "gpt-test",
  output: [],
  usage: null,
  ...extra,
});
const created = { type: "response.created", response: response("in_progress") };
const message = (id = "msg_1") => ({
  type: "response.output_item.added",
  output_index: 0,
  item: { id, type: "message", status: "in_progress", content: [], role: "assistant" },
});
const textPart = (ci = 0) => ({
  type: "response.content_part.added",
  item_id: "msg_1",
  output_index: 0,
  content_index: ci,
  part: { type: "output_text", annotations: [], logprobs: [], text: "" },
});
const textDelta = (delta: string, ci = 0, extra: Record<string, unknown> = {}) => ({
  type: "response.output_text.delta",
  item_id: "msg_1",
  output_index: 0,
  content_index: ci,
  delta,
  logprobs: [],
  ...extra,
});
const textDone = (text: string, ci = 0) => ({
  type: "response.output_text.done",
  item_id: "msg_1",
  output_index: 0,
  content_index: ci,
  text,
  logprobs: [],
});
const outputText = (text: string) => ({ type: "output_text", annotations: [], logprobs: [], text });
const messageDone = (...texts: string[]) => ({
  type: "response.output_item.done",
  output_index: 0,
  item: {
    id: "msg_1",
    type: "message",
    status: "completed",
    content: texts.map(outputText),
    role: "assistant",
  },
});
const usage = {
  input_tokens: 10,
  input_tokens_details: { cached_tokens: 4 },
  output_tokens: 7,
  output_tokens_details: { reasoning_tokens: 2 },
  total_tokens: 17,
};
const completed = (...texts: string[]) => ({
  type: "response.completed",
  response: response("completed", {
    output: [{ ...messageDone(...texts).item }],
    usage,
  }),
});

const textOf = (events: StreamEvent[]) =>
  events.flatMap((e) => (e.type === "text-delta" ? [e.text] : [])).join("");

describe("the Responses decoder", () => {
  it("repeats long texts whole in every `.done` event and the terminal response", () => {
    // Past LONG_STRING (64 Ki characters), each text is escaped once and its JSON reused.
    const text = 'a "quoted" line\n'.repeat(5000);
    const thought = "think \\ hard ".repeat(6000);
    const args = JSON.stringify({ q: '\u00e9"'.repeat(40_000) });
    const events: StreamEvent[] = [
      { type: "role", choice: 0, role: "assistant" },
      { type: "reasoning-delta", choice: 0, part: 0, text: thought },
      { type: "text-delta", choice: 0, part: 1, text: text.slice(0, 1000) },
      { type: "text-delta", choice: 0, part: 1, text: text.slice(1000) },
      { type: "tool-call-start", choice: 0, index: 0, id: "call_1", name: "f" },
      { type: "tool-call-delta", choice: 0, index: 0, delta: args },
      { type: "tool-call-end", choice: 0, index: 0 },
      { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_calls" },
      { type: "end", reason: "done" },
    ];
    const wire = encodeAll(events, responses);
    const data = wire
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)));
    const texts = JSON.stringify(data).split(JSON.stringify(text).slice(1, -1)).length - 1;
    const thoughts = JSON.stringify(data).split(JSON.stringify(thought).slice(1, -1)).length - 1;
    // `.done`, `content_part.done`, `output_item.done`, `response.completed` (the reasoning also
    // in its one delta).
    expect([texts, thoughts]).toEqual([4, 5]);
    const completed = data.at(-1);
    expect(completed.type).toBe("response.completed");
    expect(completed.response.output.map((item: { type: string }) => item.type)).toEqual([
      "reasoning",
      "message",
      "function_call",
    ]);
    expect(completed.response.output[2].arguments).toBe(args);
    const message = accumulate(decodeAll(wire, responses)).choices[0]!;
    expect([message.reasoning, message.text, message.toolCalls[0]?.arguments]).toEqual([
      thought,
      text,
      args,
    ]);
  });

  it("gives the whole value of a `.done` whose deltas never came, once", () => {
    const events = decodeAll(
      wire(
        created,
        message(),
        textPart(),
        textDone("Bonjour"),
        {
          type: "response.content_part.done",
          output_index: 0,
          content_index: 0,
          part: outputText("Bonjour"),
        },
        messageDone("Bonjour"),
        completed("Bonjour"),
      ),
      responses,
    );
    expect(textOf(events)).toBe("Bonjour");
    expect(events.at(-1)).toEqual({ type: "end", reason: "done" });
  });

  it("never adds text twice: the `.done` events and the terminal snapshot repeat the deltas", () => {
    const events = decodeAll(
      wire(
        created,
        message(),
        textPart(),
        textDelta("Bon"),
        textDelta("jour"),
        textDone("Bonjour"),
        messageDone("Bonjour"),
        completed("Bonjour"),
      ),
      responses,
    );
    expect(
      events.filter((e) => e.type === "text-delta").map((e) => e.type === "text-delta" && e.text),
    ).toEqual(["Bon", "jour"]);
  });

  it("completes a second text part of one message from its own `.done`, not the first's", () => {
    const events = decodeAll(
      wire(
        created,
        message(),
        textPart(0),
        textDone("ab"),
        textPart(1),
        textDone("cd", 1),
        messageDone("ab", "cd"),
        completed("ab", "cd"),
      ),
      responses,
    );
    expect(textOf(events)).toBe("abcd");
  });

  it("joins arguments split inside JSON escapes, and completes them from `.done` only once", () => {
    const call = {
      type: "response.output_item.added",
      output_index: 0,
      item: {
        id: "fc_1",
        type: "function_call",
        status: "in_progress",
        arguments: "",
        call_id: "call_1",
        name: "f",
      },
    };
    const args = (delta: string) => ({
      type: "response.function_call_arguments.delta",
      item_id: "fc_1",
      output_index: 0,
      delta,
    });
    const full = '{"q":"caf\\u00e9 \\"x\\""}';
    const events = decodeAll(
      wire(
        created,
        call,
        args('{"q":"caf\\u'),
        args("00"),
        args("e9 \\"),
        args('"x\\""}'),
        {
          type: "response.function_call_arguments.done",
          item_id: "fc_1",
          output_index: 0,
          arguments: full,
        },
        {
          type: "response.output_item.done",
          output_index: 0,
          item: { ...call.item, status: "completed", arguments: full },
        },
        { type: "response.completed", response: response("completed", { usage }) },
      ),
      responses,
    );
    const message = accumulate(events);
    const calls = message.choices[0]?.toolCalls ?? [];
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ q: 'café "x"' });
    expect(calls[0]?.id).toBe("call_1");
    expect(message.choices[0]?.finish?.reason).toBe("tool_calls");
    expect(events.filter((e) => e.type === "tool-call-end")).toHaveLength(1);
  });

  it("drops `obfuscation` padding, and keeps a delta's other unnamed fields as this dialect's", () => {
    const events = decodeAll(
      wire(
        created,
        message(),
        textPart(),
        textDelta("Hi", 0, { obfuscation: "x1y2z3" }),
        textDelta("!", 0, { obfuscation: "q", vendor_score: 0.5 }),
        textDone("Hi!"),
        messageDone("Hi!"),
        completed("Hi!"),
      ),
      responses,
    );
    expect(JSON.stringify(events)).not.toContain("obfuscation");
    expect(JSON.stringify(events)).not.toContain("x1y2z3");
    const kept = events.filter(
      (e) => e.type === "extra" && JSON.stringify(e).includes("vendor_score"),
    );
    expect(kept).toEqual([
      {
        type: "extra",
        dialect: "responses",
        scope: "part",
        choice: 0,
        part: 0,
        fields: { event_fields: { type: "response.output_text.delta", vendor_score: 0.5 } },
      },
    ]);
    // Written back on the same delta in a Responses → Responses round trip.
    const again = encodeAll(events, responses);
    expect(again).toMatch(/"delta":"!","logprobs":\[\],"vendor_score":0\.5/);
    expect(again).not.toContain("obfuscation");
  });

  it("keeps unnamed top-level fields of every other event, writes them back on the same event, and reports them when converting elsewhere", () => {
    const call = {
      id: "fc_1",
      type: "function_call",
      status: "in_progress",
      arguments: "",
      call_id: "call_1",
      name: "lookup",
    };
    const callDone = { ...call, status: "completed", arguments: "{}" };
    const cited = {
      type: "url_citation",
      url: "https://example.com",
      start_index: 0,
      end_index: 2,
    };
    const args = { item_id: "fc_1", output_index: 1 };
    const source = wire(
      { ...created, vendor: "created" },
      { type: "response.in_progress", response: response("in_progress"), vendor: "in_progress" },
      { ...message(), vendor: "message added" },
      { ...textPart(), vendor: "part added" },
      textDelta("Hi"),
      {
        type: "response.output_text.annotation.added",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        annotation_index: 0,
        annotation: cited,
        vendor: "annotation",
      },
      { ...textDone("Hi"), vendor: "text done" },
      {
        type: "response.content_part.done",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        part: outputText("Hi"),
        vendor: "part done",
      },
      {
        ...messageDone(),
        item: { ...messageDone().item, content: [{ ...outputText("Hi"), annotations: [cited] }] },
        vendor: "message done",
      },
      { type: "response.output_item.added", output_index: 1, item: call, vendor: "call added" },
      { type: "response.function_call_arguments.delta", ...args, delta: "{}" },
      {
        type: "response.function_call_arguments.done",
        ...args,
        arguments: "{}",
        name: "lookup",
        vendor: "arguments done",
      },
      { type: "response.output_item.done", output_index: 1, item: callDone, vendor: "call done" },
      { ...completed("Hi"), vendor: "completed" },
    );
    const vendorOf = (sse: string) =>
      [...sse.matchAll(/^data: (.+)$/gm)].flatMap((m) => {
        const e = JSON.parse(m[1]!);
        return e.vendor === undefined ? [] : [[e.type, e.vendor]];
      });
    const events = decodeAll(source, responses);
    const again = encodeAll(events, responses);
    expect(vendorOf(again)).toEqual(vendorOf(source));
    expect(vendorOf(again)).toHaveLength(12);
    expect(decodeAll(again, responses)).toEqual(events);

    const drops: string[] = [];
    const chat = encodeAll(events, openai, {
      onDrop: ({ event }) => drops.push(JSON.stringify(event)),
    });
    expect(chat).not.toContain("vendor");
    for (const [, vendor] of vendorOf(source)) {
      expect(drops.some((d) => d.includes(`"vendor":"${vendor}"`))).toBe(true);
    }
  });

  it("keeps the fields an item's `output_item.done` adds, on its `.done`, the terminal output and toResponse", () => {
    const reasoning = { id: "rs_1", type: "reasoning", summary: [] };
    const reasoningDone = {
      ...reasoning,
      summary: [{ type: "summary_text", text: "why" }],
      encrypted_content: "enc",
      vendor_item: "r",
    };
    const msg = message("msg_1").item;
    const msgDone = { ...msg, status: "completed", content: [outputText("Hi")], vendor_item: "m" };
    const call = {
      id: "fc_1",
      type: "function_call",
      status: "in_progress",
      arguments: "",
      call_id: "call_1",
      name: "f",
    };
    const callDone = { ...call, status: "completed", arguments: "{}", vendor_item: "f" };
    const ids = (oi: number, id: string) => ({ item_id: id, output_index: oi });
    const source = wire(
      created,
      { type: "response.output_item.added", output_index: 0, item: reasoning },
      {
        type: "response.reasoning_summary_text.delta",
        ...ids(0, "rs_1"),
        summary_index: 0,
        delta: "why",
      },
      { type: "response.output_item.done", output_index: 0, item: reasoningDone },
      { type: "response.output_item.added", output_index: 1, item: msg },
      { ...textPart(), output_index: 1 },
      { ...textDelta("Hi"), output_index: 1 },
      { type: "response.output_item.done", output_index: 1, item: msgDone },
      { type: "response.output_item.added", output_index: 2, item: call },
      { type: "response.function_call_arguments.delta", ...ids(2, "fc_1"), delta: "{}" },
      {
        type: "response.function_call_arguments.done",
        ...ids(2, "fc_1"),
        arguments: "{}",
        name: "f",
      },
      { type: "response.output_item.done", output_index: 2, item: callDone },
      {
        type: "response.completed",
        response: response("completed", { output: [reasoningDone, msgDone, callDone], usage }),
      },
    );
    const events = decodeAll(source, responses);
    const again = encodeAll(events, responses);
    const doneItems = [...again.matchAll(/event: response\.output_item\.done\ndata: (.+)/g)].map(
      (m) => JSON.parse(m[1]!).item.vendor_item,
    );
    expect(doneItems).toEqual(["r", "m", "f"]);
    const terminal = JSON.parse(again.trimEnd().split("\n").at(-1)!.slice(6));
    expect(terminal.response.output.map((i: { vendor_item: string }) => i.vendor_item)).toEqual([
      "r",
      "m",
      "f",
    ]);
    expect(decodeAll(again, responses)).toEqual(events);
    const output = toResponse(accumulate(events)).output as { vendor_item?: string }[];
    expect(output.map((i) => i.vendor_item)).toEqual(["r", "m", "f"]);
    const drops: string[] = [];
    const chat = encodeAll(events, openai, {
      onDrop: ({ event }) => drops.push(JSON.stringify(event)),
    });
    expect(chat).not.toContain("vendor_item");
    expect(drops.filter((d) => d.includes("vendor_item"))).toHaveLength(3);
  });

  it("reports the fields of an event it does not write again, rather than put them on another item's", () => {
    const second = {
      type: "response.output_item.added",
      output_index: 1,
      item: { id: "msg_2", type: "message", status: "in_progress", content: [], role: "assistant" },
    };
    const events = decodeAll(
      wire(
        created,
        message(),
        // An empty text part: no delta, so a re-encoding writes no content part for it.
        { ...textPart(), vendor: "empty part" },
        { ...textDone(""), vendor: "empty done" },
        messageDone(""),
        second,
        { ...textPart(), item_id: "msg_2", output_index: 1 },
        { ...textDelta("Hi"), item_id: "msg_2", output_index: 1 },
        { ...textDone("Hi"), item_id: "msg_2", output_index: 1 },
        completed(""),
      ),
      responses,
    );
    const drops: string[] = [];
    const again = encodeAll(events, responses, {
      onDrop: ({ event, reason }) => drops.push(`${reason} ${JSON.stringify(event)}`),
    });
    expect(again).not.toContain("empty part");
    expect(again).not.toContain("empty done");
    expect(drops.filter((d) => d.includes('"vendor":"empty'))).toHaveLength(2);
  });

  it("keeps `keepalive` and vendor events as this dialect's `unknown`, written into no other dialect", () => {
    const events = decodeAll(
      wire(
        created,
        { type: "keepalive" },
        { type: "vendor.trace", trace_id: "t-1" },
        message(),
        textPart(),
        textDelta("Hi"),
        completed("Hi"),
      ),
      responses,
    );
    expect(events.filter((e) => e.type === "unknown")).toEqual([
      { type: "unknown", dialect: "responses", event: "keepalive", data: { type: "keepalive" } },
      {
        type: "unknown",
        dialect: "responses",
        event: "vendor.trace",
        data: { type: "vendor.trace", trace_id: "t-1" },
      },
    ]);
    const drops: StreamEvent[] = [];
    const chat = encodeAll(events, openai, { onDrop: ({ event }) => drops.push(event) });
    expect(chat).not.toContain("keepalive");
    expect(chat).not.toContain("t-1");
    expect(drops.filter((e) => e.type === "unknown")).toHaveLength(2);
    // Back into Responses, in place and numbered again.
    const again = encodeAll(events, responses);
    expect(again).toContain('event: keepalive\ndata: {"type":"keepalive","sequence_number":2}');
  });

  it("ignores the wire's sequence numbers; the encoder numbers from 0, strictly increasing", () => {
    const events = decodeAll(
      wire(
        created,
        message(),
        textPart(),
        textDelta("a"),
        { type: "keepalive" },
        completed("a"),
      ).replace(/"sequence_number":\d+/g, '"sequence_number":7'),
      responses,
    );
    expect(textOf(events)).toBe("a");
    expect(JSON.stringify(events)).not.toContain("sequence_number");
    const numbers = [...encodeAll(events, responses).matchAll(/"sequence_number":(\d+)/g)].map(
      (m) => Number(m[1]),
    );
    expect(numbers).toEqual(numbers.map((_, i) => i));
  });

  it.each([
    ["max_output_tokens", "length"],
    ["content_filter", "content_filter"],
    ["vendor_reason", "other"],
  ] as const)("reads `response.incomplete` for %s as finish %s, with its usage", (raw, reason) => {
    const events = decodeAll(
      wire(created, message(), textPart(), textDelta("Hi"), {
        type: "response.incomplete",
        response: response("incomplete", { incomplete_details: { reason: raw }, usage }),
      }),
      responses,
    );
    expect(events.find((e) => e.type === "finish")).toEqual({
      type: "finish",
      choice: 0,
      reason,
      raw,
    });
    expect(events.find((e) => e.type === "usage")).toMatchObject({
      promptTokens: 10,
      cachedTokens: 4,
      completionTokens: 7,
      reasoningTokens: 2,
      totalTokens: 17,
    });
    expect(events.at(-1)).toEqual({ type: "end", reason: "done" });
  });

  it("reads `response.failed` as the provider's error; the stream ends with reason error", () => {
    const events = decodeAll(
      wire(created, message(), textPart(), textDelta("par"), {
        type: "response.failed",
        response: response("failed", { error: { code: "server_error", message: "Boom" } }),
      }),
      responses,
    );
    expect(textOf(events)).toBe("par");
    expect(events.filter((e) => e.type === "error")).toEqual([
      {
        type: "error",
        code: "provider-error",
        message: "Boom",
        data: { code: "server_error", message: "Boom" },
        dialect: "responses",
      },
    ]);
    expect(events.at(-1)).toEqual({ type: "end", reason: "error" });
  });

  it("reads a top-level `error` as final, and a `response.failed` after it does not repeat it", () => {
    const events = decodeAll(
      wire(
        created,
        { type: "error", code: "rate_limit_exceeded", message: "Slow down", param: null },
        {
          type: "response.failed",
          response: response("failed", {
            error: { code: "rate_limit_exceeded", message: "Slow down" },
          }),
        },
      ),
      responses,
    );
    expect(events.filter((e) => e.type === "error")).toEqual([
      {
        type: "error",
        code: "provider-error",
        message: "Slow down",
        data: { type: "error", code: "rate_limit_exceeded", message: "Slow down", param: null },
        dialect: "responses",
      },
    ]);
    expect(events.at(-1)).toEqual({ type: "end", reason: "error" });
    // An `error` alone ends the stream too: no cut-off.
    const alone = decodeAll(wire({ type: "error", code: "x", message: "Bad" }), responses);
    expect(alone.map((e) => e.type)).toEqual(["error", "end"]);
    expect(alone.at(-1)).toEqual({ type: "end", reason: "error" });
  });

  it("reports a stream cut off before its terminal event, keeping what came", () => {
    const events = decodeAll(wire(created, message(), textPart(), textDelta("half")), responses);
    expect(textOf(events)).toBe("half");
    expect(events.at(-2)).toMatchObject({ type: "error", code: "cut-off" });
    expect(events.at(-1)).toEqual({ type: "end", reason: "cut-off" });
    // Encoded as Responses, the cut-off ends with an `error` event and `response.failed`.
    const sse = encodeAll(events, responses);
    expect(sse).toContain("event: error\n");
    expect(sse.trimEnd().split("\n\n").at(-1)).toMatch(/^event: response\.failed\n/);
  });

  it("writes `response.queued` back in a Responses → Responses round trip", () => {
    const queued = { type: "response.queued", response: response("queued") };
    const inProgress = { type: "response.in_progress", response: response("in_progress") };
    const source = wire(
      created,
      queued,
      inProgress,
      message(),
      textPart(),
      textDelta("Hi"),
      completed("Hi"),
    );
    const again = encodeAll(decodeAll(source, responses), responses);
    const types = [...again.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
    expect(types.slice(0, 3)).toEqual([
      "response.created",
      "response.queued",
      "response.in_progress",
    ]);
    expect(decodeAll(again, responses)).toEqual(decodeAll(source, responses));
  });

  it("keeps the boundaries of several text parts of one message in a round trip", () => {
    const source = wire(
      created,
      message(),
      textPart(0),
      textDelta("ab"),
      textDone("ab"),
      textPart(1),
      textDelta("cd", 1),
      textDone("cd", 1),
      messageDone("ab", "cd"),
      completed("ab", "cd"),
    );
    const events = decodeAll(source, responses);
    const again = encodeAll(events, responses);
    const parts = [
      ...again.matchAll(/"type":"response\.content_part\.added"[^\n]*"content_index":(\d+)/g),
    ].map((m) => Number(m[1]));
    expect(parts).toEqual([0, 1]);
    const done = [...again.matchAll(/event: response\.output_item\.done\ndata: (.+)/g)].map((m) =>
      JSON.parse(m[1]!).item.content.map((c: { text: string }) => c.text),
    );
    expect(done).toEqual([["ab", "cd"]]);
    expect(decodeAll(again, responses)).toEqual(events);
  });
});

describe("hostile Responses input", () => {
  const before = [created, message(), textPart(), textDelta("kept")];

  it(`skips an output index past ${MAX_OUTPUT_INDEX} as an invalid event, keeping what came`, () => {
    const events = decodeAll(
      wire(
        ...before,
        { ...textDelta("X"), output_index: 1e9 },
        textDelta(" after"),
        completed("kept after"),
      ),
      responses,
    );
    expect(events.filter((e) => e.type === "error")).toEqual([
      expect.objectContaining({ code: "invalid-event" }),
    ]);
    expect(textOf(events)).toBe("kept after");
    expect(events.find((e) => e.type === "finish")).toMatchObject({ reason: "stop" });
  });

  it(`tracks at most ${MAX_TRACKED_PARTS} content parts: more are invalid events, memory stays bounded`, () => {
    const hostile: Record<string, unknown>[] = [];
    for (let i = 0; i < MAX_TRACKED_PARTS + 10; i++) {
      hostile.push({
        type: "response.reasoning_summary_text.delta",
        item_id: "rs",
        output_index: 0,
        summary_index: i,
        delta: "r",
      });
    }
    const events = decodeAll(
      wire(...before, ...hostile, textDelta(" after"), completed("kept after")),
      responses,
    );
    const errors = events.filter((e) => e.type === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(11);
    expect(errors.every((e) => e.type === "error" && e.code === "invalid-event")).toBe(true);
    expect(textOf(events)).toBe("kept after");
  });

  it("bounds the function calls it tracks", () => {
    const hostile: Record<string, unknown>[] = [];
    for (let i = 0; i < 1030; i++) {
      hostile.push({
        type: "response.output_item.added",
        output_index: i + 1,
        item: { id: `fc_${i}`, type: "function_call", arguments: "", call_id: `c${i}`, name: "f" },
      });
    }
    const events = decodeAll(wire(...before, ...hostile, completed("kept")), responses);
    const starts = events.filter((e) => e.type === "tool-call-start");
    expect(starts.length).toBeLessThanOrEqual(1024);
    expect(events.some((e) => e.type === "error" && e.code === "invalid-event")).toBe(true);
    expect(textOf(events)).toBe("kept");
  });
});

describe("detectResponses", () => {
  const msg = (data: Record<string, unknown>, event?: string) => ({
    ...(event === undefined ? {} : { event }),
    data: JSON.stringify(data),
  });

  it("says yes on a response.* event with a sequence number, past keepalives", () => {
    expect(
      detectResponses({
        contentType: "text/event-stream",
        messages: [
          msg({ type: "keepalive", sequence_number: 0 }),
          msg({ type: "response.created", sequence_number: 1, response: {} }),
        ],
      }),
    ).toBe("yes");
  });

  it("says no on a chat chunk, and on typed events without sequence numbers", () => {
    const no = (data: Record<string, unknown>) =>
      detectResponses({ contentType: "text/event-stream", messages: [msg(data)] });
    expect(no({ object: "chat.completion.chunk", choices: [] })).toBe("no");
    expect(no({ type: "message_start", message: {} })).toBe("no");
    expect(no({ type: "response.created", response: {} })).toBe("no");
  });

  it("stays undecided on an error without a sequence number", () => {
    expect(
      detectResponses({
        contentType: "text/event-stream",
        messages: [msg({ type: "error", message: "x" })],
      }),
    ).toBe("undecided");
  });
});

describe("toResponse", () => {
  it("is `incomplete` with its reason for a length or content-filter finish", () => {
    for (const [reason, detail] of [
      ["length", "max_output_tokens"],
      ["content_filter", "content_filter"],
    ] as const) {
      const object = toResponse(
        accumulate([
          { type: "text-delta", choice: 0, text: "Hi" },
          { type: "finish", choice: 0, reason, raw: reason },
          { type: "end", reason: "done" },
        ]),
      );
      expect(object).toMatchObject({
        status: "incomplete",
        incomplete_details: { reason: detail },
      });
    }
  });

  it("gives each content part of one message back as its own part, with its annotations", () => {
    const annotation = {
      type: "url_citation",
      url: "https://example.com",
      start_index: 0,
      end_index: 2,
      title: "Ex",
    };
    const refusalPart = (ci: number) => ({
      ...textPart(ci),
      part: { type: "refusal", refusal: "" },
    });
    const content = [
      { ...outputText("ab"), annotations: [annotation] },
      { ...outputText("cd"), vendor_part: "p1" },
      { type: "refusal", refusal: "no" },
      outputText("ef"),
    ];
    const done = { ...messageDone(), item: { ...messageDone().item, content } };
    const events = decodeAll(
      wire(
        created,
        message(),
        textPart(0),
        textDelta("ab"),
        {
          type: "response.output_text.annotation.added",
          item_id: "msg_1",
          output_index: 0,
          content_index: 0,
          annotation_index: 0,
          annotation,
        },
        textDone("ab"),
        textPart(1),
        textDelta("cd", 1),
        textDone("cd", 1),
        refusalPart(2),
        {
          type: "response.refusal.delta",
          item_id: "msg_1",
          output_index: 0,
          content_index: 2,
          delta: "no",
        },
        textPart(3),
        textDelta("ef", 3),
        done,
        {
          type: "response.completed",
          response: response("completed", { output: [done.item], usage }),
        },
      ),
      responses,
    );
    const object = toResponse(accumulate(events));
    expect(object.output).toEqual([
      { id: "msg_1", type: "message", status: "completed", content, role: "assistant" },
    ]);
    // The streaming encoder writes the same parts (a part's own fields on the item's `.done`).
    const again = encodeAll(events, responses);
    const itemDone = [...again.matchAll(/event: response\.output_item\.done\ndata: (.+)/g)];
    expect(itemDone.map((m) => JSON.parse(m[1]!).item.content)).toEqual([content]);
  });

  it("is `failed` with the provider's error, its items incomplete", () => {
    const events = decodeAll(
      wire(created, message(), textPart(), textDelta("par"), {
        type: "response.failed",
        response: response("failed", { error: { code: "server_error", message: "Boom" } }),
      }),
      responses,
    );
    const object = toResponse(accumulate(events));
    expect(object).toMatchObject({
      id: "resp_1",
      status: "failed",
      error: { code: "server_error", message: "Boom" },
      output: [
        { id: "msg_1", type: "message", status: "incomplete", content: [outputText("par")] },
      ],
    });
  });

  it("lists reasoning with summary[] and encrypted content, and calls with call_id and item id", () => {
    const object = toResponse(
      accumulate([
        { type: "reasoning-delta", choice: 0, part: 0, text: "think" },
        { type: "reasoning-redacted", choice: 0, part: 0, data: "enc" },
        {
          type: "extra",
          dialect: "responses",
          scope: "tool-call",
          choice: 0,
          index: 0,
          fields: { item: { id: "fc_9" } },
        },
        { type: "tool-call-start", choice: 0, index: 0, id: "call_9", name: "f" },
        { type: "tool-call-delta", choice: 0, index: 0, delta: "{}" },
        { type: "finish", choice: 0, reason: "tool_calls", raw: "completed" },
        { type: "usage", promptTokens: 3, completionTokens: 2, totalTokens: 5 },
        { type: "end", reason: "done" },
      ]),
    );
    expect(object).toMatchObject({
      status: "completed",
      output: [
        {
          type: "reasoning",
          summary: [{ type: "summary_text", text: "think" }],
          encrypted_content: "enc",
        },
        { id: "fc_9", type: "function_call", call_id: "call_9", name: "f", arguments: "{}" },
      ],
      usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
    });
  });
});
