import type { StreamEvent } from "@sse-dialects/core";
import {
  type ChatCompletionChunk,
  type ChatCompletionChunkChoice,
  ChunkMapper,
} from "@sse-dialects/openai";

/**
 * A `chat.completion.chunk` with at least one choice: what the chunk view yields, so that
 * `chunk.choices[0].delta` is safe, and typed so (even under `noUncheckedIndexedAccess`).
 */
export type ChatChunk = Omit<ChatCompletionChunk, "choices"> & {
  choices: [ChatCompletionChunkChoice, ...ChatCompletionChunkChoice[]];
};

/**
 * Events → the `chat.completion.chunk` objects of the chunk view, every one with a choice: usage
 * rides on the last finish chunk (`finish_reason` and `usage` together, as DeepSeek, Mistral and
 * OpenRouter send it), never on a chunk of its own with `choices: []`, so code that reads
 * `chunk.choices[0].delta` on every chunk works whatever the provider. The finish chunk is held
 * until the next chunk or the end, so that usage reported after it (OpenAI's usage chunk,
 * Anthropic's `message_delta`) joins it; it carries no content, so nothing visible waits. Usage
 * reported before any finish waits for one (with several choices, an earlier finish may carry the
 * total so far; the last one has the whole). A stream with usage and no finish at all ends with
 * a chunk of choice 0 with an empty delta, `finish_reason: null` and the usage.
 *
 * @example
 * ```ts
 * const fold = new FoldUsageIntoFinish();
 * for (const event of events) for (const chunk of fold.push(event)) send(chunk);
 * for (const chunk of fold.end()) send(chunk);
 * ```
 */
export class FoldUsageIntoFinish {
  readonly #mapper = new ChunkMapper();
  /** The last finish chunk, waiting for usage. */
  #finish: ChatChunk | undefined;
  /** The usage so far (merged by the mapper: each one carries the total), with no finish yet. */
  #usage: ChatCompletionChunk | undefined;

  push(event: StreamEvent): ChatChunk[] {
    const mapped = this.#mapper.map(event);
    if (mapped === undefined) return [];
    if (event.type === "usage") {
      if (this.#finish !== undefined) attachUsage(this.#finish, mapped);
      else this.#usage = mapped;
      return [];
    }
    // Every other chunk the mapper makes has its one choice.
    const chunk = mapped as ChatChunk;
    const out = this.#release();
    if (event.type === "finish") {
      if (this.#usage !== undefined) attachUsage(chunk, this.#usage);
      this.#usage = undefined;
      this.#finish = chunk;
      return out;
    }
    out.push(chunk);
    return out;
  }

  /**
   * What is held, before the stream fails: the finish chunk, but not usage without a finish (a
   * chunk without a choice would break `chunk.choices[0].delta` before the error is seen; the
   * usage stays on the stream and on the error's `partialMessage`).
   */
  fail(): ChatChunk[] {
    this.#usage = undefined;
    return this.#release();
  }

  /** What is held, at the end of the stream. */
  end(): ChatChunk[] {
    const out = this.#release();
    const usage = this.#usage;
    this.#usage = undefined;
    if (usage !== undefined) {
      out.push({ ...usage, choices: [{ index: 0, delta: {}, finish_reason: null }] });
    }
    return out;
  }

  #release(): ChatChunk[] {
    const finish = this.#finish;
    this.#finish = undefined;
    return finish === undefined ? [] : [finish];
  }
}

function attachUsage(target: ChatChunk, usage: ChatCompletionChunk): void {
  if (usage.usage !== undefined) target.usage = usage.usage;
  if (usage.billing !== undefined) target.billing = usage.billing;
}
