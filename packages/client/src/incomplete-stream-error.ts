import { type AccumulatedMessage, type ErrorEvent, SseDialectsError } from "@sse-dialects/core";

/**
 * A stream that did not complete: the provider reported an error, the bytes stopped before the
 * dialect's terminator, the consumer aborted, the idle timeout fired or the connection failed.
 * `code` says which (`provider-error`, `cut-off`, `aborted`, `timeout`, `network-error`, …) and
 * everything received before it is attached, because a consumer that asked for the whole answer
 * must never get a partial one as if it were complete, nor lose what did arrive.
 *
 * @example
 * ```ts
 * try {
 *   console.log(await stream.toContent());
 * } catch (error) {
 *   if (error instanceof IncompleteStreamError) {
 *     console.log(error.code, error.partialContent); // "cut-off", "Once upon a ti"
 *   }
 * }
 * ```
 */
export class IncompleteStreamError extends SseDialectsError {
  /** The text of the first choice received before the failure. */
  readonly partialContent: string;
  /** Everything received before the failure, as core's accumulated message. */
  readonly partialMessage: AccumulatedMessage;

  constructor(
    event: ErrorEvent,
    partialMessage: AccumulatedMessage,
    options: { cause?: unknown } = {},
  ) {
    super(event.code, event.message, { event, cause: options.cause });
    this.partialMessage = partialMessage;
    this.partialContent = partialMessage.choices[0]?.text ?? "";
  }
}
