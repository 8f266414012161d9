import type { StreamEvent } from "@sse-dialects/core";

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

  /**
   * Counts an event; returns whether the progress changed. A switch with a `never` check (as in
   * core's accumulator): exhaustive all the same — a new event type is a build error here — and
   * the client's bundle does not carry ts-pattern for this one branch.
   */
  push(event: StreamEvent): boolean {
    const before = this.version;
    switch (event.type) {
      case "text-delta":
      case "reasoning-delta":
      case "refusal-delta":
        this.#delta(event.text);
        break;
      case "tool-call-delta":
        this.#delta(event.delta);
        break;
      case "usage":
        if (
          event.completionTokens !== undefined &&
          event.completionTokens !== this.#reportedTokens
        ) {
          this.#reportedTokens = event.completionTokens;
          this.version++;
        }
        break;
      case "metadata":
      case "role":
      case "reasoning-signature":
      case "reasoning-redacted":
      case "tool-call-start":
      case "tool-call-end":
      case "logprobs":
      case "finish":
      case "receipt":
      case "extra":
      case "unknown":
      case "comment":
      case "error":
      case "end":
        break;
      default: {
        const unhandled: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unhandled)}`);
      }
    }
    return this.version !== before;
  }

  #delta(text: string): void {
    this.#deltas++;
    this.#chars += text.length;
    this.version++;
  }
}
