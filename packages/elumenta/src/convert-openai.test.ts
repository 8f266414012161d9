import { encodeAll, type StreamEvent } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { checkConversion, loadFixtures } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, it } from "vitest";
// The OpenAI package's generator of canonical OpenAI event sequences (test support, not API).
import { canonicalOpenAIEvents } from "../../openai/src/test/canonical-events.js";
import { elumenta } from "./elumenta-dialect.js";
import { arbitraryElumentaEvents } from "./test-support/arbitrary-elumenta-events.js";
import { projectToElumenta } from "./test-support/project-elumenta-meaning.js";

describe("Elumenta → OpenAI", () => {
  it.each(loadFixtures("elumenta").map((f) => [f.name, f] as const))(
    "%s keeps its meaning (text, finish, usage and billing, errors, end)",
    (_, fixture) => {
      checkConversion(elumenta, openai, fixture.bytes);
    },
  );

  it("keeps the meaning of every generated Elumenta stream", () => {
    fc.assert(
      fc.property(arbitraryElumentaEvents.filter(notOnlyUnknown), (events) => {
        checkConversion(elumenta, openai, encodeAll(events, elumenta));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps an unknown event that comes before any content", () => {
    const wire =
      'data: {"type":"moderation"}\n\ndata: {"type":"content_delta","delta":"Hi"}\n\ndata: [DONE]\n\n';
    checkConversion(elumenta, openai, wire);
  });
});

/**
 * Leaves out streams whose only payloads are unknown events: as OpenAI SSE they carry no chunk,
 * which the OpenAI decoder reports as another dialect's stream (an `invalid-event` error).
 */
function notOnlyUnknown(events: readonly StreamEvent[]): boolean {
  if (!events.some((e) => e.type === "unknown")) return true;
  return events.some(
    (e) =>
      e.type === "metadata" ||
      e.type === "role" ||
      e.type === "text-delta" ||
      e.type === "finish" ||
      e.type === "usage" ||
      e.type === "extra",
  );
}

describe("OpenAI → Elumenta", () => {
  it.each(loadFixtures("openai").map((f) => [f.name, f] as const))(
    "%s keeps what Elumenta can express",
    (_, fixture) => {
      checkConversion(openai, elumenta, fixture.bytes, { project: projectToElumenta });
    },
  );

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
