import { describe, expect, it } from "vitest";
import type { Dialect } from "../dialect/dialect.js";
import { isJsonObject, parseJsonData } from "../dialect/parse-json-data.js";
import { probe } from "../test-support/probe-dialect.js";
import { decodeAll } from "./sync-pipelines.js";

/**
 * A dialect that keeps the steady-deltas promise: `{"m":…,"d":{"t":text},"pad":…}` is a text
 * delta (`m` must be "x"; `pad` is ignored), anything else is `unknown`. It counts the messages
 * its decoder reads, so a test can tell which ones the engine read without it.
 */
let read = 0;
let repeated = 0;
const steady: Dialect = {
  ...probe,
  name: "steady",
  steadyDeltas: { ignoredStrings: ["pad"], ignoredNumbers: ["seq"], ignoredFractions: ["at"] },
  createDecoder(emit) {
    return {
      repeated: () => {
        repeated++;
      },
      message(message) {
        read++;
        const value = parseJsonData(message.data, emit);
        if (value === undefined) return;
        const keys = isJsonObject(value)
          ? Object.keys(value).filter((k) => k !== "pad" && k !== "seq" && k !== "at")
          : [];
        const d = isJsonObject(value) && isJsonObject(value.d) ? value.d : undefined;
        if (
          isJsonObject(value) &&
          (value.m === "x" || value.m === "y" || typeof value.m === "number") &&
          keys.length === 2 &&
          d !== undefined &&
          Object.keys(d).length === 1 &&
          typeof d.t === "string"
        ) {
          // `m: "y"` is choice 1: two deltas that can take turns.
          // A number is the choice itself: as many deltas taking turns as a test needs.
          const choice = value.m === "x" ? 0 : value.m === "y" ? 1 : (value.m as number);
          if (d.t !== "") emit({ type: "text-delta", choice, text: d.t });
        } else emit({ type: "unknown", dialect: "steady", data: value });
      },
      end: () => true,
    };
  },
};
const { steadyDeltas: _, ...plain } = steady;

const chunk = (text: string, pad = "p") => `{"m":"x","d":{"t":"${text}"},"pad":"${pad}"}`;
const wire = (datas: string[], name?: string[]) =>
  datas.map((d, i) => `${name?.[i] ? `event: ${name[i]}\n` : ""}data: ${d}\n\n`).join("");

/** The events with the steady path and without it, which must be equal, and how many messages the decoder read. */
function decodeBoth(datas: string[], names?: string[]) {
  read = 0;
  repeated = 0;
  const events = decodeAll(wire(datas, names), steady);
  const decoded = read;
  expect(events).toEqual(decodeAll(wire(datas, names), plain as Dialect));
  return { events, decoded };
}

const steadyRun = ["a", "b", "c"].map((t, i) => chunk(t, `p${i}`));

describe("the engine's steady-deltas path", () => {
  it("reads a steady run after its first two messages without the decoder", () => {
    const { events, decoded } = decodeBoth([...steadyRun, chunk("d", "q"), chunk("e", "")]);
    expect(events.map((e) => (e.type === "text-delta" ? e.text : e.type))).toEqual([
      "a",
      "b",
      "c",
      "d",
      "e",
      "end",
    ]);
    expect(decoded).toBe(2);
  });

  it("tells the decoder of each repeat it read without it", () => {
    const { decoded } = decodeBoth([...steadyRun, chunk("d"), chunk("e")]);
    expect(decoded).toBe(2);
    expect(repeated).toBe(3);
  });

  it("reads an ignored number anywhere, when it is a whole number without sign or exponent", () => {
    const numbered = (seq: string, text: string) => `{"seq":${seq},"m":"x","d":{"t":"${text}"}}`;
    const run = ["7", "8", "9", "10", "0"].map((seq, i) => numbered(seq, `t${i}`));
    expect(decodeBoth(run).decoded).toBe(2);
    for (const odd of ["-1", "1.5", "1e3", "01", '"9"', "null"]) {
      expect(decodeBoth([...run, numbered(odd, "z"), numbered("11", "y")]).decoded, odd).toBe(4);
    }
  });

  it("reads the fraction of a second of an ignored time, and only that", () => {
    const timed = (at: string, text: string) => `{"at":"${at}","m":"x","d":{"t":"${text}"}}`;
    const run = ["1", "25", "007", "999999999", "5"].map((f, i) =>
      timed(`2026-11-30T12:00:00.${f}Z`, `t${i}`),
    );
    expect(decodeBoth(run).decoded).toBe(2);
    for (const odd of [
      "2026-11-30T12:00:01.5Z", // another second
      "2026-11-30T12:00:00.Z", // no digits
      "2026-11-30T12:00:00.5+01:00", // another offset
      "2026-11-30T12:00:00.5x", // not a digit after them
    ]) {
      expect(
        decodeBoth([...run, timed(odd, "z"), timed("2026-11-30T12:00:00.1Z", "y")]).decoded,
        odd,
      ).toBe(4);
    }
  });

  it("gives a repeat's escapes their JSON values", () => {
    const texts = ["\\n", '\\"', "\\u00e9\\ud83d\\ude00", "\\\\", "a\\/b"];
    const { events, decoded } = decodeBoth([...steadyRun, ...texts.map((t) => chunk(t))]);
    expect(events.filter((e) => e.type === "text-delta").slice(3)).toEqual(
      ["\n", '"', "é😀", "\\", "a/b"].map((text) => ({ type: "text-delta", choice: 0, text })),
    );
    expect(decoded).toBe(2);
  });

  it("decodes the full way what is not a repeat with a valid literal", () => {
    for (const odd of [
      `${chunk("z")}}`, // text after the steady message's end
      ` ${chunk("z")}`, // before its start
      chunk("z\u0001"), // a control character in the text
      chunk("\\x"), // a bad escape
      chunk("z\\"), // an escape that eats the closing quote
      chunk(""), // an empty text: the decoder's own choice
      chunk("z", "\\x"), // a bad escape in the ignored field
      chunk("z", "a\u0002"), // a control character there
      '{"m":"x","d":{"t":"z"},"pad2":"p"}', // another field where the ignored one was
      '{"m":"x","d":{"t":"z"},"pod":"p"}', // the same length
      '{"m":"z","d":{"t":"z"},"pad":"p"}', // another value before the text
    ]) {
      const { decoded } = decodeBoth([...steadyRun, odd, chunk("after")]);
      expect(decoded, odd).toBe(4);
    }
  });

  it("follows deltas that take turns, each with its own template", () => {
    const turns = ["ta", "tb", "tc", "td", "te", "tf"].flatMap((t) => [
      chunk(t),
      chunk(t).replace('"m":"x"', '"m":"y"'),
    ]);
    const { events, decoded } = decodeBoth(turns);
    expect(events.filter((e) => e.type === "text-delta")).toHaveLength(12);
    expect(decoded).toBe(4);
    // Anything but one delta in between drops both templates.
    expect(decodeBoth([...turns.slice(0, 4), '{"n":1}', ...turns.slice(4)]).decoded).toBe(9);
  });

  it("follows 16 deltas taking turns, and starts over past them", () => {
    const turns = (deltas: number) =>
      Array.from({ length: 6 * deltas }, (_, i) =>
        chunk(`t${i}`).replace('"m":"x"', `"m":${i % deltas}`),
      );
    // Two rounds decoded the full way (a template each), the other four read as repeats.
    expect(decodeBoth(turns(16)).decoded).toBe(32);
    // A 17th drops them all each round: nothing is armed, everything is decoded.
    expect(decodeBoth(turns(17)).decoded).toBe(6 * 17);
  });

  it("needs the same SSE name for a repeat", () => {
    const { decoded } = decodeBoth([...steadyRun, chunk("z")], ["", "", "", "other"]);
    expect(decoded).toBe(3);
  });

  it("arms nothing when the text is written twice, or the same text comes twice", () => {
    // The text also as the ignored field's value: its literal is not in one place.
    expect(decodeBoth(["a", "b", "c", "d"].map((t) => chunk(t, t))).decoded).toBe(4);
    expect(decodeBoth([chunk("a"), chunk("a"), chunk("b")]).decoded).toBe(3);
  });

  it("cuts no template from a message past 16 KiB", () => {
    const long = "x".repeat(16 * 1024);
    const run = ["ta", "tb", "tc", "td"].map((t) => chunk(t, long));
    expect(decodeBoth(run).decoded).toBe(4);
  });

  it("decodes the first message after a full-way one the full way again", () => {
    const { decoded } = decodeBoth([...steadyRun, '{"other":1}', chunk("y"), chunk("z")]);
    expect(decoded).toBe(5);
  });
});
