import type { StreamEvent } from "@sse-dialects/core";
import { match } from "ts-pattern";

/** How far a stream has come. */
export interface StreamProgress {
  /**
   * Tokens so far: the deltas received (providers send about one token per delta) until the
   * provider reports its completion tokens, then that count.
   */
  tokens: number;
  /** Characters of text, reasoning, refusal and tool-call arguments received. */
  chars: number;
}

/**
 * Counts progress from the events as they arrive, before any coalescing, so that merging deltas
 * for display does not change the count.
 *
 * @example
 * ```ts
 * const counter = new ProgressCounter();
 * for await (const event of decode(body, openai)) if (counter.push(event)) show(counter.progress);
 * ```
 */
export class ProgressCounter {
  #deltas = 0;
  #chars = 0;
  #reportedTokens: number | undefined;
  /** Increases whenever the progress changes, so a reader can tell what it has not shown. */
  version = 0;

  get progress(): StreamProgress {
    return { tokens: this.#reportedTokens ?? this.#deltas, chars: this.#chars };
  }

  /** Counts an event; returns whether the progress changed. */
  push(event: StreamEvent): boolean {
    const before = this.version;
    const delta = (text: string) => {
      this.#deltas++;
      this.#chars += text.length;
      this.version++;
    };
    match(event)
      .with({ type: "text-delta" }, (e) => delta(e.text))
      .with({ type: "reasoning-delta" }, (e) => delta(e.text))
      .with({ type: "refusal-delta" }, (e) => delta(e.text))
      .with({ type: "tool-call-delta" }, (e) => delta(e.delta))
      .with({ type: "usage" }, (e) => {
        if (e.completionTokens !== undefined && e.completionTokens !== this.#reportedTokens) {
          this.#reportedTokens = e.completionTokens;
          this.version++;
        }
      })
      .with(
        { type: "metadata" },
        { type: "role" },
        { type: "reasoning-signature" },
        { type: "reasoning-redacted" },
        { type: "tool-call-start" },
        { type: "tool-call-end" },
        { type: "logprobs" },
        { type: "finish" },
        { type: "receipt" },
        { type: "extra" },
        { type: "unknown" },
        { type: "comment" },
        { type: "error" },
        { type: "end" },
        () => {},
      )
      .exhaustive();
    return this.version !== before;
  }
}
