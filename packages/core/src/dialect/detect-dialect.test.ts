import { describe, expect, it } from "vitest";
import {
  type Framing,
  framingOfContentType,
  jsonArrayFraming,
  ndjsonFraming,
  sseFraming,
} from "../framing/framings.js";
import type { WireMessage } from "../framing/wire-message.js";
import { probe, probeNdjson } from "../test-support/probe-dialect.js";
import { candidateDialects, detectDialect } from "./detect-dialect.js";
import type { AnyDialect, DetectionInput } from "./dialect.js";

/** Probe dialects that claim streams whose first message's `t` is their tag. */
const tagged = (name: string, tag: string, framing: "sse" | "ndjson" = "sse"): AnyDialect => ({
  ...(framing === "sse" ? probe : probeNdjson),
  name,
  detect: ({ messages }: DetectionInput) => {
    const first = messages[0];
    if (first === undefined) return "undecided";
    if (first.data.includes(`"t":"${tag}"`)) return "yes";
    return first.data.includes('"t":"wait"') ? "undecided" : "no";
  },
});
const a = tagged("alpha", "a");
const b = tagged("beta", "b");
const aToo = tagged("alpha-too", "a");
const n = tagged("lines", "a", "ndjson");

describe("framingOfContentType", () => {
  it("names SSE and the NDJSON types in use, ignoring parameters and case", () => {
    const all = [sseFraming, ndjsonFraming, jsonArrayFraming];
    expect(framingOfContentType("text/event-stream; charset=utf-8", all)).toBe(sseFraming);
    expect(framingOfContentType("Application/X-NDJSON", all)).toBe(ndjsonFraming);
    expect(framingOfContentType("application/jsonl", all)).toBe(ndjsonFraming);
    expect(framingOfContentType("application/json", all)).toBeUndefined();
    expect(framingOfContentType(undefined, all)).toBeUndefined();
    expect(framingOfContentType("application/x-ndjson", [sseFraming])).toBeUndefined();
  });
});

/** What each of core's framings answers for a stream's start: the one that claims it, if any. */
function sniffAll(text: string): string {
  const framings: Framing[] = [sseFraming, ndjsonFraming, jsonArrayFraming];
  const answers = framings.map((framing) => [framing.name, framing.sniff(text)] as const);
  const yes = answers.filter(([, answer]) => answer === "yes").map(([name]) => name);
  if (yes.length > 0) return yes.join("+");
  return answers.some(([, answer]) => answer === "undecided") ? "undecided" : "unknown";
}

describe("each framing's sniff", () => {
  it.each([
    ['{"model":"x"}', "ndjson"],
    ["\n\n  [1]", "json-array"],
    ["\uFEFFdata: {}", "sse"],
    [": keep-alive", "sse"],
    ["event: ping", "sse"],
    ["id:1", "sse"],
    ["retry: 10", "sse"],
    ["data\n", "sse"],
    ["", "undecided"],
    ["  \r\n", "undecided"],
    ["dat", "undecided"],
    ["ev", "undecided"],
    ["<html>", "unknown"],
    ["hello: x", "unknown"],
    ["datum", "unknown"],
  ])("%j → %s", (text, framing) => {
    expect(sniffAll(text)).toBe(framing);
  });
});

describe("detectDialect", () => {
  /** The input of a stream of `data:` events (or NDJSON lines) holding `data`. */
  const input = (data: string[], final = false, framing: "sse" | "ndjson" = "sse") => ({
    contentType: framing === "sse" ? "text/event-stream" : undefined,
    start: framing === "sse" ? data.map((d) => `data: ${d}\n\n`).join("") : `${data.join("\n")}\n`,
    messages: () => data.map((d) => ({ data: d })),
    final,
  });

  it("picks the one dialect that answers yes", () => {
    const result = detectDialect([a, b, n], input(['{"t":"b"}']));
    expect(result).toEqual({ status: "found", dialect: b });
  });

  it("only asks dialects whose framing claims the stream's start", () => {
    expect(detectDialect([a, n], input(['{"t":"a"}'], false, "ndjson"))).toEqual({
      status: "found",
      dialect: n,
    });
  });

  it("waits while a dialect is undecided, and fails on the final call", () => {
    expect(detectDialect([a, b], input(['{"t":"wait"}']))).toEqual({ status: "undecided" });
    const result = detectDialect([a, b], input(['{"t":"wait"}'], true));
    expect(result.status).toBe("failed");
  });

  it("refuses to guess between two dialects that both claim the stream", () => {
    const result = detectDialect([a, aToo, b], input(['{"t":"a","v":"hello"}']));
    expect(result).toMatchObject({
      status: "failed",
      error: {
        type: "error",
        code: "unknown-dialect",
        data: {
          contentType: "text/event-stream",
          framing: "sse",
          firstMessage: '{"t":"a","v":"hello"}',
          candidates: { alpha: "yes", "alpha-too": "yes", beta: "no" },
        },
      },
    });
    if (result.status !== "failed") throw new Error("unreachable");
    expect(result.error.message).toContain("ambiguous");
    expect(result.error.message).toContain("alpha and alpha-too");
    expect(result.error.message).toContain('{\\"t\\":\\"a\\",\\"v\\":\\"hello\\"}');
  });

  it("names what it saw when every candidate says no", () => {
    const result = detectDialect([a, b], input(['{"t":"z"}']));
    if (result.status !== "failed") throw new Error(`expected a failure, got ${result.status}`);
    expect(result.error.message).toMatch(/alpha: no, beta: no/);
    expect(result.error.message).toContain("text/event-stream");
  });

  it("fails when no installed dialect's framing claims the stream", () => {
    const result = detectDialect([a, b], input(['{"t":"a"}'], false, "ndjson"));
    if (result.status !== "failed") throw new Error(`expected a failure, got ${result.status}`);
    expect(result.error.message).toContain("none of the installed framings (sse");
    expect(result.error.message).toContain('{\\"t\\":\\"a\\"}');
  });

  it("fails when the content type names a framing no installed dialect reads", () => {
    const result = detectDialect([a, b], {
      ...input(['{"t":"a"}'], false, "ndjson"),
      contentType: "application/x-ndjson",
    });
    if (result.status !== "failed") throw new Error(`expected a failure, got ${result.status}`);
    expect(result.error.message).toContain("names ndjson framing");
    expect(result.error.message).toContain("alpha (sse)");
  });

  it("never picks a dialect without a detector", () => {
    expect(detectDialect([probe], input(['{"t":"text","v":"x"}']))).toEqual({
      status: "undecided",
    });
    expect(detectDialect([probe], input(['{"t":"text","v":"x"}'], true)).status).toBe("failed");
  });
});

/** A framing that reads a JSON array and claims streams opening with `[` (as Gemini's does). */
const arrayFraming: Framing = { ...jsonArrayFraming, name: "array" };
/** A framing named `sse` that also claims a JSON array, reading either (as Gemini's does). */
const sseOrArray: Framing = {
  ...sseFraming,
  sniff: (text) => (text.trimStart().startsWith("[") ? "yes" : sseFraming.sniff(text)),
};
/** A detector that counts the calls it gets and claims messages carrying `tag`. */
function claiming(name: string, framing: Framing, tag: string) {
  const seen: number[] = [];
  const dialect: AnyDialect = {
    ...probe,
    name,
    framing,
    detect: ({ messages }: DetectionInput) => {
      seen.push(messages.length);
      if (messages.some((m) => m.data.includes(`"${tag}"`))) return "yes";
      return messages.length > 0 && messages.every((m) => m.data.includes('"t"'))
        ? "undecided"
        : "no";
    },
  };
  return { dialect, seen };
}

describe("candidateDialects: the framings' sniff decides", () => {
  const sseOne = claiming("sse-one", sseFraming, "one");
  const either = claiming("either", sseOrArray, "either");
  const array = claiming("array", arrayFraming, "array");
  const lines = claiming("lines", ndjsonFraming, "lines");
  const all = [sseOne.dialect, either.dialect, array.dialect, lines.dialect];
  const names = (text: string, contentType?: string) => {
    const result = candidateDialects(all, { contentType, start: text, final: false });
    return result.status === "found" ? result.dialects.map((d) => d.name) : result.status;
  };

  it("takes every dialect whose framing answers yes, by framing, not by framing name", () => {
    expect(names('data: {"t":1}')).toEqual(["sse-one", "either"]);
    expect(names(" \n[{")).toEqual(["either", "array"]);
    expect(names('{"t":1}')).toEqual(["lines"]);
    expect(names("<html>")).toBe("failed");
  });

  it("waits while any framing cannot tell", () => {
    expect(names("")).toBe("undecided");
    expect(names("dat")).toBe("undecided");
  });

  it("lets a content type that names a framing narrow the candidates first", () => {
    expect(names("[{", "text/event-stream")).toEqual(["either"]);
    expect(names('{"t":1}', "application/x-ndjson; charset=utf-8")).toEqual(["lines"]);
    // `application/json` names no streaming framing: the bytes decide.
    expect(names("[{", "application/json")).toEqual(["either", "array"]);
  });

  it("shows each detector its own framing's messages, the same number for every framing", () => {
    const one = claiming("one", sseOrArray, "x");
    const two = claiming("two", arrayFraming, "y");
    const own: Record<string, WireMessage[]> = {
      sse: [{ data: '{"t":1}' }, { data: '{"t":2}' }, { data: '{"t":3,"y":1}' }],
      array: [{ data: '{"t":1}' }],
    };
    const result = detectDialect([one.dialect, two.dialect], {
      contentType: undefined,
      start: "[",
      messages: (framing) => own[framing.name] ?? [],
      final: false,
    });
    expect(result).toEqual({ status: "undecided" });
    expect(one.seen).toEqual([1]);
    expect(two.seen).toEqual([1]);
  });
});
