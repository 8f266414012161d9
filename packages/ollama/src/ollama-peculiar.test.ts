import { decodeAll, encodeAll, type StreamEvent } from "@sse-dialects/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectOllama } from "./detect-ollama.js";
import { mapOllamaRequest } from "./map-ollama-request.js";
import { ollama } from "./ollama-dialect.js";

const events: StreamEvent[] = [
  { type: "role", choice: 0, role: "assistant" },
  { type: "text-delta", choice: 0, text: "Hi" },
  { type: "finish", choice: 0, reason: "stop", raw: "stop" },
  { type: "usage", promptTokens: 3, completionTokens: 1, totalTokens: 4 },
  { type: "end", reason: "done" },
];

describe("ollama peculiar cases", () => {
  it("writes the done line last, with the usage that followed the finish", () => {
    const lines = encodeAll(events, ollama)
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({
      done: true,
      done_reason: "stop",
      prompt_eval_count: 3,
      eval_count: 1,
    });
    expect(lines.slice(0, -1).every((l) => l.done === false)).toBe(true);
  });

  it("writes /api/generate lines on request, which decode the same", () => {
    const wire = encodeAll(events, ollama, { dialect: { endpoint: "generate" } });
    expect(JSON.parse(wire.split("\n")[1]!)).toMatchObject({ response: "Hi", done: false });
    expect(decodeAll(wire, ollama)).toEqual(decodeAll(encodeAll(events, ollama), ollama));
  });

  it("writes a cut-off as an error line that decodes back to a cut-off", () => {
    const wire = encodeAll(
      [
        { type: "text-delta", choice: 0, text: "a" },
        { type: "error", code: "cut-off", message: "ended early" },
        { type: "end", reason: "cut-off" },
      ],
      ollama,
    );
    expect(decodeAll(wire, ollama).slice(-2)).toEqual([
      { type: "error", code: "cut-off", message: "ended early" },
      { type: "end", reason: "cut-off" },
    ]);
  });

  it("reports choices other than 0 and comments", () => {
    const drops: string[] = [];
    encodeAll(
      [
        { type: "comment", text: "x" },
        { type: "text-delta", choice: 1, text: "b" },
        { type: "end", reason: "done" },
      ],
      ollama,
      { onDrop: (d) => drops.push(d.reason) },
    );
    expect(drops).toEqual([
      "Ollama cannot express comments (NDJSON has none)",
      "Ollama cannot express choices other than 0",
    ]);
  });

  it("is detected from its first line", () => {
    expect(
      detectOllama({
        contentType: undefined,
        messages: [{ data: '{"model":"m","done":false,"message":{}}' }],
      }),
    ).toBe("yes");
    expect(detectOllama({ contentType: undefined, messages: [{ data: '{"error":"boom"}' }] })).toBe(
      "yes",
    );
    expect(detectOllama({ contentType: undefined, messages: [{ data: '{"choices":[]}' }] })).toBe(
      "no",
    );
  });

  it("reads each line's created_at as the Unix seconds Date.parse gives, whatever the last one was", () => {
    // Times Ollama writes (Go's RFC 3339 with nanoseconds, trailing zeros cut), and neighbours
    // that share all but one part with the time before them.
    const times = fc.constantFrom(
      "2025-06-09T12:00:00.123456789Z",
      "2025-06-09T12:00:00.1Z",
      "2025-06-09T12:00:00Z",
      "2025-06-09T12:00:01.5Z",
      "2025-06-09T12:00:00.123+02:00",
      "2025-06-09T12:00:00.999-07:30",
      "2025-06-09T13:00:00.1Z",
      "2026-06-09T12:00:00.1Z",
      "2025-06-09T12:00:00",
    );
    fc.assert(
      fc.property(fc.array(times, { minLength: 1, maxLength: 12 }), (sequence) => {
        const wire = sequence
          .map(
            (t) =>
              `${JSON.stringify({ model: "m", created_at: t, message: { role: "assistant", content: "x" }, done: false })}\n`,
          )
          .join("");
        let created: number | undefined;
        const seen: (number | undefined)[] = [];
        for (const event of decodeAll(wire, ollama)) {
          if (event.type === "metadata" && event.created !== undefined) created = event.created;
          if (event.type === "text-delta") seen.push(created);
        }
        expect(seen).toEqual(sequence.map((t) => Math.floor(Date.parse(t) / 1000)));
      }),
      { numRuns: 300 },
    );
  });

  it("decodes the same with and without the steady-deltas path, whatever the lines' times", () => {
    // Lines whose texts differ (so that templates arm) and whose times take turns between
    // fractions, seconds, zones and strings Date.parse reads otherwise or not at all.
    const time = fc
      .tuple(
        fc.constantFrom("2025-06-09T12:00:00", "2025-06-09T12:00:01", "2025-06-10T12:00:00"),
        fc.oneof(
          { weight: 6, arbitrary: fc.stringMatching(/^\.[0-9]{1,13}$/) },
          { weight: 1, arbitrary: fc.constantFrom("", ".", ".12x4", ",5", ".5 ") },
        ),
        fc.constantFrom("Z", "Z", "Z", "+02:00", "-07:30", "", "z"),
      )
      .map((parts) => parts.join(""));
    const { steadyDeltas: _, ...plain } = ollama;
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 30 }), (sequence) => {
        const wire = sequence
          .map(
            (t, i) =>
              `${JSON.stringify({ model: "m", created_at: t, message: { role: "assistant", content: `t${i}` }, done: false })}\n`,
          )
          .join("");
        expect(decodeAll(wire, ollama)).toEqual(decodeAll(wire, plain as typeof ollama));
      }),
      { numRuns: 400 },
    );
  });

  it("emits metadata exactly when created_at's Unix second (as Date.parse reads it) changes", () => {
    // A stream as Ollama writes it (each line its own time, a few ms apart, fractions of any
    // length) mixed with times Date.parse rejects or reads differently: a dot with no digits,
    // a letter in the fraction, a comma, an offset, no zone, a lower-case zone, a short string.
    const head = fc.constantFrom(
      "2025-06-09T12:00:00",
      "2025-06-09T12:00:01",
      "2025-06-09T12:01:00",
      "2025-06-10T12:00:00",
      "1969-12-31T23:59:59",
    );
    const fraction = fc.oneof(
      fc.constant(""),
      fc.stringMatching(/^\.[0-9]{1,13}$/),
      fc.constantFrom(".", ".12x4", ",5", ". 5", ".5 "),
    );
    const zone = fc.constantFrom("Z", "Z", "+02:00", "-07:30", "", "z", " Z");
    const time = fc.oneof(
      { weight: 9, arbitrary: fc.tuple(head, fraction, zone).map((parts) => parts.join("")) },
      { weight: 1, arbitrary: fc.constantFrom("2025", "", "2025-06-09T12:00:00.5Zjunk") },
    );
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 20 }), (sequence) => {
        const wire = sequence
          .map(
            (t) =>
              `${JSON.stringify({ model: "m", created_at: t, message: { role: "assistant", content: "x" }, done: false })}\n`,
          )
          .join("");
        // The metadata each line gives: `created` when its second is a number and not the last
        // one emitted (the model is the same on every line: only on the first).
        const expected: (number | undefined)[] = [];
        let last: number | undefined;
        for (const t of sequence) {
          const second = Math.floor(Date.parse(t) / 1000);
          const changed = Number.isFinite(second) && second !== last;
          if (changed) last = second;
          expected.push(changed ? second : undefined);
        }
        const seen: (number | undefined)[] = [];
        let created: number | undefined;
        for (const event of decodeAll(wire, ollama)) {
          if (event.type === "metadata") created = event.created;
          if (event.type === "text-delta") {
            seen.push(created);
            created = undefined;
          }
        }
        expect(seen).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("maps an OpenAI request to /api/chat", () => {
    const mapped = mapOllamaRequest(
      {
        model: "llama3.2",
        messages: [
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
        max_tokens: 20,
        stop: "END",
        n: 2,
      },
      "http://localhost:11434/v1/chat/completions",
      false,
    );
    expect(mapped).toEqual({
      url: "http://localhost:11434/api/chat",
      body: {
        model: "llama3.2",
        messages: [
          { role: "user", content: "Weather?" },
          {
            role: "assistant",
            content: "",
            tool_calls: [{ function: { name: "w", arguments: { city: "Paris" } } }],
          },
          { role: "tool", content: "sunny", tool_name: "w" },
        ],
        stream: true,
        options: { num_predict: 20, stop: ["END"] },
      },
    });
    expect(ollama.mapRequest).toBe(mapOllamaRequest);
  });
});
