import {
  type JsonValue,
  type ReportDrop,
  randomHex,
  type StreamEvent,
  toolCallIdOf,
} from "@sse-dialects/core";
import type {
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  ChatCompletionChunkDelta,
  ChatFinishReason,
} from "./chat-completion-types.js";
import { toChatFinishReason } from "./map-finish-reason.js";
import { hasTokenCounts, mergeUsage, toOpenAIUsage, type Usage } from "./map-usage.js";

/**
 * Turns normalized events into the `chat.completion.chunk` objects code written against the
 * OpenAI SDK reads (`chunk.choices[0]?.delta?.content`), whatever dialect the stream was: one
 * chunk per content event, the response metadata repeated on each as OpenAI does, and `id`,
 * `created` and `model` always present (synthesized, as the encoder does, when the source had
 * none). Events with no chunk form (receipt, comments, unknown events, errors, the end) give
 * `undefined`; the stream object exposes those itself. Content a chunk cannot carry (reasoning
 * signatures, redacted reasoning, a finish reason without an OpenAI name) goes to `drop`.
 *
 * @example
 * ```ts
 * const mapper = new ChunkMapper();
 * for await (const event of decode(body, elumenta)) {
 *   const chunk = mapper.map(event);
 *   if (chunk) process.stdout.write(chunk.choices[0]?.delta.content ?? "");
 * }
 * ```
 */
export class ChunkMapper {
  readonly #drop: ReportDrop;
  #id = "";
  #model = "";
  #created = 0;
  #systemFingerprint: string | undefined;
  #serviceTier: string | undefined;
  #usage: Usage | undefined;

  constructor(drop: ReportDrop = () => {}) {
    this.#drop = drop;
  }

  map(event: StreamEvent): ChatCompletionChunk | undefined {
    switch (event.type) {
      case "text-delta":
        return this.#choice(event.choice, { content: event.text });
      case "reasoning-delta":
        return this.#choice(event.choice, { reasoning_content: event.text });
      case "refusal-delta":
        return this.#choice(event.choice, { refusal: event.text });
      case "role":
        return this.#choice(event.choice, { role: event.role });
      case "metadata":
        if (event.id !== undefined) this.#id = event.id;
        if (event.model !== undefined) this.#model = event.model;
        if (event.created !== undefined) this.#created = event.created;
        if (event.systemFingerprint !== undefined)
          this.#systemFingerprint = event.systemFingerprint;
        if (event.serviceTier !== undefined) this.#serviceTier = event.serviceTier;
        return undefined;
      case "tool-call-start":
        return this.#choice(event.choice, {
          tool_calls: [
            {
              index: event.index,
              id: toolCallIdOf(event),
              type: "function",
              function: { name: event.name, arguments: "" },
            },
          ],
        });
      case "tool-call-delta":
        return this.#choice(event.choice, {
          tool_calls: [{ index: event.index, function: { arguments: event.delta } }],
        });
      case "logprobs":
        return this.#choice(event.choice, {}, event.logprobs);
      case "finish": {
        const reason = toChatFinishReason(event);
        if (reason !== event.raw && reason === "stop" && event.reason !== "stop")
          this.#drop(event, `finish reason ${event.raw} has no OpenAI name: given as stop`);
        return this.#choice(event.choice, {}, undefined, reason);
      }
      case "usage": {
        const { type: _, ...usage } = event;
        // OpenAI clients keep the last usage they see, so each usage chunk carries the total.
        this.#usage = mergeUsage(this.#usage, usage);
        // Another dialect's usage fields are its own (provenance): only OpenAI's go on a chunk,
        // as toChatCompletion does.
        const { billing, dialect, extra, ...counts } = this.#usage;
        const tokens = dialect === "openai" && extra !== undefined ? { ...counts, extra } : counts;
        const chunk: ChatCompletionChunk = { ...this.#base(), choices: [] };
        if (hasTokenCounts(tokens)) {
          chunk.usage = toOpenAIUsage(tokens) as ChatCompletionChunk["usage"] & object;
        }
        if (billing !== undefined) chunk.billing = billing;
        return chunk.usage === undefined && chunk.billing === undefined ? undefined : chunk;
      }
      case "reasoning-signature":
        this.#drop(event, "chat chunks have no reasoning signatures");
        return undefined;
      case "reasoning-redacted":
        this.#drop(event, "chat chunks have no redacted reasoning");
        return undefined;
      case "tool-call-end":
      case "receipt":
      case "extra":
      case "unknown":
      case "comment":
      case "error":
      case "end":
        return undefined;
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  #base(): Omit<ChatCompletionChunk, "choices"> {
    if (this.#id === "") this.#id = `chatcmpl-${randomHex(32)}`;
    if (this.#created === 0) this.#created = Math.floor(Date.now() / 1000);
    const chunk: Omit<ChatCompletionChunk, "choices"> = {
      id: this.#id,
      object: "chat.completion.chunk",
      created: this.#created,
      model: this.#model,
    };
    if (this.#systemFingerprint !== undefined) chunk.system_fingerprint = this.#systemFingerprint;
    if (this.#serviceTier !== undefined) chunk.service_tier = this.#serviceTier;
    return chunk;
  }

  #choice(
    index: number,
    delta: ChatCompletionChunkDelta,
    logprobs?: JsonValue,
    finishReason?: ChatFinishReason,
  ): ChatCompletionChunk {
    const choice: ChatCompletionChunkChoice = { index, delta, finish_reason: finishReason ?? null };
    if (logprobs !== undefined) choice.logprobs = logprobs;
    return { ...this.#base(), choices: [choice] };
  }
}
