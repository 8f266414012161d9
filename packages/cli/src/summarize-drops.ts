import type { Drop } from "@sse-dialects/core";

/**
 * Counts what an encoder could not write, by kind (event type and reason), for the one summary
 * `convert` writes on standard error when the stream ends: a person converting a stream learns
 * what the target dialect lost without reading every event.
 *
 * @example
 * ```ts
 * const drops = new DropSummary();
 * const encoder = createStreamEncoder(openai, write, { onDrop: drops.add });
 * // … at the end:
 * process.stderr.write(drops.text());
 * ```
 */
export class DropSummary {
  readonly #counts = new Map<string, number>();
  #target = "";

  readonly add = (drop: Drop): void => {
    this.#target = drop.target;
    const kind = `${drop.event.type}: ${drop.reason}`;
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
  };

  /** The summary, one line per kind of drop, or "" when nothing was dropped. */
  text(): string {
    if (this.#counts.size === 0) return "";
    let out = `sse-dialects: ${this.#target} could not express everything the stream carried:\n`;
    for (const [kind, count] of this.#counts) out += `  ${count} × ${kind}\n`;
    return out;
  }
}
