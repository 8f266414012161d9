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
      fc.property(arbitraryElumentaEvents.filter(noUnknownBeforeContent), (events) => {
        checkConversion(elumenta, openai, encodeAll(events, elumenta));
      }),
      { numRuns: 300 },
    );
  });

  // Open issue: the OpenAI encoder writes an unknown payload as is, and the OpenAI decoder reads a
  // payload that is not a chunk, before any chunk, as `invalid-event` (another dialect's stream).
  // So an Elumenta event of unknown type before any content gains an error on the way. The
  // property above leaves such streams out; this test fails until that is fixed, then flips.
  it.fails("keeps an unknown event that comes before any content", () => {
    const wire =
      'data: {"type":"moderation"}\n\ndata: {"type":"content_delta","delta":"Hi"}\n\ndata: [DONE]\n\n';
    checkConversion(elumenta, openai, wire);
  });
});

/** Whether no `unknown` event comes before the first event that makes an OpenAI chunk. */
function noUnknownBeforeContent(events: readonly StreamEvent[]): boolean {
  for (const event of events) {
    if (event.type === "unknown") return false;
    if (event.type === "metadata" || event.type === "role" || event.type === "text-delta")
      return true;
  }
  return true;
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
