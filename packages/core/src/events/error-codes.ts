/**
 * Every way a stream can go wrong, as a literal: the values of `errorCodeSchema`, kept in a
 * module without zod so that decoders can check a code without loading the schemas (a browser
 * bundle of `decode` and one dialect stays small).
 */
export const ERROR_CODES = [
  /** The bytes are not valid UTF-8 (the bad bytes are replaced by U+FFFD and decoding goes on). */
  "invalid-utf8",
  /** An event's data is not valid JSON where the dialect requires JSON. */
  "invalid-json",
  /** Valid JSON, but not an event of the dialect (a chunk without `choices`, a delta that is not text…). */
  "invalid-event",
  /** An event (or NDJSON line, or comment) larger than the configured limit; it is skipped. */
  "event-too-large",
  /** The stream ended without the dialect's terminator (`[DONE]`, `message_stop`, …). */
  "cut-off",
  /** The provider reported an error in the stream. */
  "provider-error",
  /** The consumer aborted the stream. */
  "aborted",
  /** No bytes arrived for longer than the idle timeout. */
  "timeout",
  /** The dialect of a stream could not be recognised, or more than one claimed it. */
  "unknown-dialect",
  /** The HTTP response was not a success (status in `data`). */
  "http-error",
  /** The connection failed. */
  "network-error",
] as const;

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * Whether a value read from a wire is one of the model's error codes.
 *
 * @example
 * isErrorCode("cut-off"); // true
 * isErrorCode("overloaded_error"); // false
 */
export function isErrorCode(value: unknown): value is (typeof ERROR_CODES)[number] {
  return typeof value === "string" && CODES.has(value);
}
