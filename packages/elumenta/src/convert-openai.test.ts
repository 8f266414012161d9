import { type Drop, decodeAll, encodeAll } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { checkConversion } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// The OpenAI package's generator of canonical OpenAI event sequences (test support, not API).
import { canonicalOpenAIEvents } from "../../openai/src/test/canonical-events.js";
import { elumenta } from "./elumenta-dialect.js";
import { arbitraryElumentaEvents } from "./test-support/arbitrary-elumenta-events.js";
import { projectToElumenta } from "./test-support/project-elumenta-meaning.js";

/*
 * Both directions over generated streams (the conformance suites convert every fixture): the
 * meaning is kept as far as the target can express it, and what it cannot is reported, never
 * written into its wire.
 */

describe("Elumenta → OpenAI", () => {
  it("keeps the meaning of every generated Elumenta stream, its unknown events reported", () => {
    fc.assert(
      fc.property(arbitraryElumentaEvents, (events) => {
        checkConversion(elumenta, openai, encodeAll(events, elumenta));
        const drops: Drop[] = [];
        const wire = encodeAll(events, openai, { onDrop: (d) => drops.push(d) });
        const unknown = events.filter((e) => e.type === "unknown");
        expect(drops.filter((d) => d.event.type === "unknown").map((d) => d.event)).toEqual(
          unknown,
        );
        expect(decodeAll(wire, openai).filter((e) => e.type === "unknown")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("OpenAI → Elumenta", () => {
  it("keeps what Elumenta can express of every generated OpenAI stream", () => {
    fc.assert(
      fc.property(canonicalOpenAIEvents, (events) => {
        checkConversion(openai, elumenta, encodeAll(events, openai), {
          project: projectToElumenta,
        });
      }),
      { numRuns: 300 },
    );
  });
});
