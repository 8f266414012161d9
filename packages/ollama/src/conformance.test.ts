import { describeConformance } from "@sse-dialects/testkit";
import { ollama } from "./ollama-dialect.js";
import { arbitraryOllamaEvents } from "./test-support/arbitrary-ollama-events.js";
import { checkOllamaWire } from "./test-support/check-ollama-wire.js";
import { projectToOllama } from "./test-support/project-ollama-meaning.js";

describeConformance({
  dialect: ollama,
  arbitrary: arbitraryOllamaEvents,
  project: projectToOllama,
  checkWire: checkOllamaWire,
  numRuns: 150,
});
