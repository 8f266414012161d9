import { describeConformance } from "@sse-dialects/testkit";
import { elumenta } from "./elumenta-dialect.js";
import { arbitraryElumentaEvents } from "./test-support/arbitrary-elumenta-events.js";
import { projectToElumenta } from "./test-support/project-elumenta-meaning.js";

describeConformance({
  dialect: elumenta,
  arbitrary: arbitraryElumentaEvents,
  project: projectToElumenta,
});
