export type { CapturedRequest } from "./capture-request.js";
export { captureRequest } from "./capture-request.js";
export { closedPort } from "./closed-port.js";
export type { ConformanceProfile } from "./conformance.js";
export { describeConformance } from "./conformance.js";
export type { ByteEdit } from "./hostile-input.js";
export {
  applyByteEdits,
  arbitraryByteEdits,
  checkKeepsWhatCameBefore,
  checkSurvives,
  hostileJsonText,
  mutateWire,
  survivalProperties,
} from "./hostile-input.js";
export type { Fixture } from "./load-fixtures.js";
export {
  FIXTURES_DIR,
  formatEventLines,
  loadFixture,
  loadFixtures,
  parseEventLines,
  writeFixtureEvents,
} from "./load-fixtures.js";
export type { Meaning, PropertyOptions } from "./properties.js";
export {
  arbitrarySplit,
  arbitraryText,
  checkConversion,
  checkEventsRoundTrip,
  checkSplitInvariance,
  checkWireRoundTrip,
  meaningOf,
  objectArgumentsMeaning,
  oneBytePieces,
} from "./properties.js";
export type { RequestField, RequestRoundTripOptions } from "./request-properties.js";
export {
  arbitraryCommonRequest,
  checkRequestRoundTrip,
  conversationOf,
  expectRequestError,
} from "./request-properties.js";
