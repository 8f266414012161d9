export type {
  AccumulatedChoice,
  AccumulatedMessage,
  AccumulatedPart,
  AccumulatedToolCall,
  AccumulatedUsage,
  ProviderData,
} from "./accumulate/accumulate-events.js";
export { accumulate, MessageAccumulator } from "./accumulate/accumulate-events.js";
export type {
  CandidateDialects,
  DialectDetection,
  DialectDetectionInput,
} from "./dialect/detect-dialect.js";
export { candidateDialects, detectDialect } from "./dialect/detect-dialect.js";
export type {
  AnyDialect,
  Detection,
  DetectionInput,
  Dialect,
  DialectDecoder,
  DialectEncoder,
  DialectRequests,
  Drop,
  DroppedField,
  Emit,
  ReportDrop,
  RequestMapper,
  RequestRoute,
  ResponseOptions,
  UpstreamRequest,
  UpstreamTarget,
  Write,
} from "./dialect/dialect.js";
export {
  extraFields,
  isJsonObject,
  MAX_JSON_DEPTH,
  nestsTooDeep,
  parseJsonData,
} from "./dialect/parse-json-data.js";
export { errorEvent, SseDialectsError } from "./errors/stream-error.js";
export { thrownMessage } from "./errors/thrown-message.js";
export { deriveEndReason } from "./events/end-reason.js";
export { ERROR_CODES, isErrorCode } from "./events/error-codes.js";
export type {
  CommentEvent,
  EndEvent,
  EndReason,
  ErrorCode,
  ErrorEvent,
  ExtraEvent,
  FinishEvent,
  FinishReason,
  JsonObject,
  JsonValue,
  LogprobsEvent,
  MetadataEvent,
  ReasoningDeltaEvent,
  ReasoningRedactedEvent,
  ReasoningSignatureEvent,
  ReceiptEvent,
  RefusalDeltaEvent,
  RoleEvent,
  StreamEvent,
  StreamEventType,
  TextDeltaEvent,
  ToolCallDeltaEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
  UnknownEvent,
  UsageEvent,
} from "./events/stream-event.js";
export {
  commentEventSchema,
  endEventSchema,
  endReasonSchema,
  errorCodeSchema,
  errorEventSchema,
  extraEventSchema,
  finishEventSchema,
  finishReasonSchema,
  jsonObjectSchema,
  jsonValueSchema,
  logprobsEventSchema,
  metadataEventSchema,
  parseStreamEvent,
  reasoningDeltaEventSchema,
  reasoningRedactedEventSchema,
  reasoningSignatureEventSchema,
  receiptEventSchema,
  refusalDeltaEventSchema,
  roleEventSchema,
  streamEventSchema,
  textDeltaEventSchema,
  toolCallDeltaEventSchema,
  toolCallEndEventSchema,
  toolCallStartEventSchema,
  unknownEventSchema,
  usageEventSchema,
} from "./events/stream-event.js";
export { toolCallIdOf } from "./events/tool-call-id.js";
export type { Framing } from "./framing/framings.js";
export {
  framingOfContentType,
  framingsOf,
  jsonArrayFraming,
  mediaType,
  ndjsonFraming,
  sseFraming,
} from "./framing/framings.js";
export { ownCopy } from "./framing/own-copy.js";
export type { Framer, FrameSink, WireMessage } from "./framing/wire-message.js";
export { DEFAULT_MAX_EVENT_SIZE } from "./framing/wire-message.js";
export { randomHex } from "./ids/random-hex.js";
export { compactJson, ExactJson, LONG_STRING, LongStrings } from "./json/exact-json.js";
export { jsonEqual } from "./json/json-equal.js";
export { jsonStringBody } from "./json/json-string-body.js";
export { assignOwn, hasInexactNumber, setOwn } from "./json/own-fields.js";
export { parseJson } from "./json/parse-json.js";
export { EACH, type SourcePath, SourceTexts, sourceSpans } from "./json/source-texts.js";
export { JsonArrayReader, MAX_JSON_ARRAY_DEPTH } from "./json-array/read-json-array.js";
export { NdjsonReader } from "./ndjson/read-ndjson.js";
export { convert, decode, encode } from "./pipeline/async-pipelines.js";
export type { AutoDecodeOptions, AutoDecoder } from "./pipeline/create-auto-decoder.js";
export { createAutoDecoder } from "./pipeline/create-auto-decoder.js";
export type { DecodeOptions, StreamDecoder } from "./pipeline/create-stream-decoder.js";
export {
  createStreamDecoder,
  DEFAULT_MAX_CHOICES,
  DEFAULT_MAX_TOOL_CALLS,
} from "./pipeline/create-stream-decoder.js";
export type { EncodeOptions, StreamEncoder } from "./pipeline/create-stream-encoder.js";
export { createStreamEncoder } from "./pipeline/create-stream-encoder.js";
export { decodeAuto } from "./pipeline/decode-auto.js";
export type { ByteSource } from "./pipeline/drive-decoder.js";
export { driveDecoder } from "./pipeline/drive-decoder.js";
export { failureOf } from "./pipeline/failure-of.js";
export type { DeltaEvent, SteadyDeltasOption } from "./pipeline/steady-deltas.js";
export { decodeAll, encodeAll } from "./pipeline/sync-pipelines.js";
export type { ConvertOptions } from "./pipeline/transform-streams.js";
export { convertStream, decodeStream, encodeStream } from "./pipeline/transform-streams.js";
export { Utf8Batch } from "./pipeline/utf8-batch.js";
export type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  FunctionTool,
  ImagePart,
  MessageRole,
  ProviderPart,
  ProviderTool,
  Reasoning,
  ReasoningPart,
  RequestExtra,
  ResponseFormat,
  TextPart,
  Tool,
  ToolCallPart,
  ToolChoice,
  ToolResultPart,
} from "./request/chat-request.js";
export {
  chatMessageSchema,
  chatRequestSchema,
  contentPartSchema,
  functionToolSchema,
  imagePartSchema,
  messageRoleSchema,
  providerPartSchema,
  providerToolSchema,
  reasoningPartSchema,
  reasoningSchema,
  requestExtraSchema,
  responseFormatSchema,
  textPartSchema,
  toolCallPartSchema,
  toolChoiceSchema,
  toolResultPartSchema,
  toolSchema,
} from "./request/chat-request.js";
export { imageMediaType } from "./request/image-media-type.js";
export { parseToolArguments } from "./request/parse-tool-arguments.js";
export {
  joinUrl,
  readBoolean,
  readCount,
  readInteger,
  readJsonSchemaFormat,
  readNumber,
  readString,
  readStringList,
  readStringMap,
} from "./request/read-request-fields.js";
export { RequestError } from "./request/request-error.js";
export {
  ownProviderTool,
  tagExtra,
  writeExtra,
  writeStateful,
} from "./request/request-extra.js";
export { withToolCallIds } from "./request/with-tool-call-ids.js";
export {
  SAMPLING_FIELDS,
  type SamplingField,
  type SamplingNames,
  writeSamplingFields,
} from "./request/write-sampling-fields.js";
export { SseReader } from "./sse/read-sse.js";
export type { SseFields } from "./sse/write-sse.js";
export { formatSseComment, formatSseData, formatSseEvent } from "./sse/write-sse.js";
export { Utf8Decoder } from "./utf8/decode-utf8.js";
