import type { AnyDialect } from "@sse-dialects/core";
import type { CoalesceOptions } from "./coalesce-deltas.js";

/** How a {@link ChatStream} reads its source. */
export interface StreamOptions {
  /** The stream's dialect, or `auto` (the default) to detect it among `dialects`. */
  dialect?: AnyDialect | "auto";
  /** The dialects `auto` chooses among. Default {@link defaultDialects} (every shipped dialect). */
  dialects?: readonly AnyDialect[];
  /**
   * Aborts the stream, as `stream.abort()` does. Pass the same signal to `fetch` and the request
   * is aborted too, even before the response arrives.
   */
  signal?: AbortSignal;
  /** No bytes for this many milliseconds ends the stream with a `timeout` error and cancels it. */
  idleTimeoutMs?: number;
  /** Merge small text deltas before delivering them (`true`: 50 ms). Off by default. */
  coalesce?: boolean | CoalesceOptions;
  /**
   * What iteration does with an `error` event: `throw` (the default) throws an
   * {@link IncompleteStreamError} at once; `yield` yields it as an event and reads on to the end.
   * The collectors (`toContent`, `finalMessage`, …) reject either way.
   */
  errors?: "throw" | "yield";
  /** The content type, for detection, when the source is not a `Response`. */
  contentType?: string;
  /** Largest event accepted, in characters (core's default: 4 MiB). */
  maxEventSize?: number;
  /** Yield SSE comment lines (keep-alives) as `comment` events. Default true. */
  comments?: boolean;
  /** Options of each dialect's decoder, by dialect name. */
  dialectOptions?: Readonly<Record<string, unknown>>;
}
