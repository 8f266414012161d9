import { describeConformance } from "@sse-dialects/testkit";
import { anthropic } from "./anthropic-dialect.js";
import { arbitraryAnthropicEvents } from "./test-support/arbitrary-anthropic-events.js";
import { checkAnthropicWire } from "./test-support/check-anthropic-wire.js";
import { projectToAnthropic } from "./test-support/project-anthropic-meaning.js";

describeConformance({
  dialect: anthropic,
  arbitrary: arbitraryAnthropicEvents,
  project: projectToAnthropic,
  checkWire: checkAnthropicWire,
  numRuns: 200,
});
