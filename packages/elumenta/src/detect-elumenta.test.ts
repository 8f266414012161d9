import { createAutoDecoder, decodeAll, type StreamEvent } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { arbitrarySplit, loadFixtures, oneBytePieces } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectElumenta } from "./detect-elumenta.js";
import { elumenta } from "./elumenta-dialect.js";

const installed = [openai, elumenta];
const byName = { openai, elumenta } as const;

function decodeAuto(pieces: readonly Uint8Array[]): { events: StreamEvent[]; dialect?: string } {
  const events: StreamEvent[] = [];
  const decoder = createAutoDecoder(installed, (e) => events.push(e), {
    contentType: "text/event-stream",
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.close();
  const json = JSON.parse(JSON.stringify(events)) as StreamEvent[];
  return decoder.dialect === undefined
    ? { events: json }
    : { events: json, dialect: decoder.dialect.name };
}

const messages = (...data: string[]) => ({
  contentType: "text/event-stream",
  messages: data.map((d) => ({ data: d })),
});

describe("detectElumenta", () => {
  it("says yes on Elumenta's own event types", () => {
    expect(detectElumenta(messages('{"type":"generation_start","id":"g"}'))).toBe("yes");
    expect(detectElumenta(messages('{"type":"content_delta","delta":"x"}'))).toBe("yes");
    expect(detectElumenta(messages('{"type":"error","message":"no balance"}'))).toBe("yes");
  });

  it("says no on chat-completion chunks, untyped JSON, and named SSE events", () => {
    expect(detectElumenta(messages('{"object":"chat.completion.chunk","choices":[]}'))).toBe("no");
    expect(detectElumenta(messages('{"choices":[]}'))).toBe("no");
    expect(detectElumenta(messages("not json"))).toBe("no");
    expect(
      detectElumenta({
        contentType: undefined,
        messages: [{ event: "message_start", data: '{"type":"message_start"}' }],
      }),
    ).toBe("no");
  });

  it("waits on [DONE] and unknown types", () => {
    expect(detectElumenta(messages("[DONE]"))).toBe("undecided");
    expect(detectElumenta(messages('{"type":"moderation"}'))).toBe("undecided");
    expect(detectElumenta(messages('{"type":"moderation"}', '{"type":"content_delta"}'))).toBe(
      "yes",
    );
  });
});

describe("auto detection among the installed dialects", () => {
  const fixtures = [...loadFixtures("elumenta"), ...loadFixtures("openai")];
  /** Streams whose messages do not show their dialect, where detection must refuse rather than guess. */
  const undetectable = new Set<string>();

  it.each(fixtures.map((f) => [`${f.dialect}/${f.name}`, f] as const))(
    "%s: picks its dialect (or refuses), never another, however it is split",
    (label, fixture) => {
      const dialect = byName[fixture.dialect as keyof typeof byName];
      const whole = decodeAuto([fixture.bytes]);
      if (undetectable.has(label)) {
        expect(whole.dialect).toBeUndefined();
        expect(whole.events[0]).toMatchObject({ type: "error", code: "unknown-dialect" });
      } else {
        expect(whole.dialect).toBe(fixture.dialect);
        expect(whole.events).toEqual(JSON.parse(JSON.stringify(decodeAll(fixture.bytes, dialect))));
      }
      expect(decodeAuto(oneBytePieces(fixture.bytes))).toEqual(whole);
      fc.assert(
        fc.property(arbitrarySplit(fixture.bytes), (pieces) => {
          expect(decodeAuto(pieces)).toEqual(whole);
        }),
        { numRuns: 40 },
      );
    },
  );

  it("refuses a stream no dialect recognises, naming what it saw", () => {
    const { events } = decodeAuto([new TextEncoder().encode('data: {"hello":"world"}\n\n')]);
    expect(events[0]).toMatchObject({ type: "error", code: "unknown-dialect" });
    const message = (events[0] as { message: string }).message;
    expect(message).toContain("text/event-stream");
    expect(message).toContain('{\\"hello\\":\\"world\\"}');
    expect(message).toContain("elumenta: no");
  });
});
