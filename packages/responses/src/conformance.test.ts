import { describeConformance } from "@sse-dialects/testkit";
import { responses } from "./responses-dialect.js";
import { arbitraryResponsesEvents } from "./test-support/arbitrary-responses-events.js";
import { checkResponsesWire } from "./test-support/check-responses-wire.js";
import { projectToResponses } from "./test-support/project-responses-meaning.js";

describeConformance({
  dialect: responses,
  arbitrary: arbitraryResponsesEvents,
  project: projectToResponses,
  checkWire: checkResponsesWire,
});
