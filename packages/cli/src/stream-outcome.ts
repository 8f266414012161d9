import type { EndReason, StreamEvent } from "@sse-dialects/core";
import { describeError } from "./report-errors.js";

/**
 * What every command tracks while events pass: the errors, reported on standard error as they
 * happen, and how the stream ended, which decides the exit status.
 *
 * @example
 * ```ts
 * const outcome = new StreamOutcome();
 * for (const event of events) stderr.write(outcome.observe(event));
 * process.exitCode = outcome.exitStatus;
 * ```
 */
export class StreamOutcome {
  #end: EndReason | undefined;

  /** Takes note of an event; returns what to write on standard error for it ("" for most). */
  observe(event: StreamEvent): string {
    if (event.type === "end") this.#end = event.reason;
    return event.type === "error" ? describeError(event) : "";
  }

  /** 0 when the stream ended properly, 1 when it ended with an error, was cut off or aborted. */
  get exitStatus(): number {
    return this.#end === "done" ? 0 : 1;
  }
}
