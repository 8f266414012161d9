import { describeConformance } from "@sse-dialects/testkit";
import { gemini } from "./gemini-dialect.js";
import { arbitraryGeminiEvents } from "./test-support/arbitrary-gemini-events.js";
import { checkGeminiWire } from "./test-support/check-gemini-wire.js";
import { projectToGemini } from "./test-support/project-gemini-meaning.js";

describeConformance({
  dialect: gemini,
  arbitrary: arbitraryGeminiEvents,
  project: projectToGemini,
  checkWire: checkGeminiWire,
  // Streamed `partialArgs` are written back as one whole `functionCall`.
  wholeToolCalls: true,
  numRuns: 150,
});
