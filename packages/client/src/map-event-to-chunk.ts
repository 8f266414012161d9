import type { JsonObject, JsonValue, StreamEvent } from "@sse-dialects/core";
import { mergeUsage, toOpenAIFinishReason, toOpenAIUsage, type Usage } from "@sse-dialects/openai";
import { match } from "ts-pattern";

/** A tool-call fragment of a chunk's delta, as OpenAI streams it. */
export interface ChatCompletionChunkToolCall {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments: string };
}

/** What one chunk adds to a choice's message. */
export interface ChatCompletionChunkDelta {
  role?: string;
  content?: string;
  /** Reasoning, under the name DeepSeek and vLLM use. */
  reasoning_content?: string;
  refusal?: string;
  tool_calls?: ChatCompletionChunkToolCall[];
}

export interface ChatCompletionChunkChoice {
  index: number;
  delta: ChatCompletionChunkDelta;
  logprobs?: JsonValue;
  finish_reason: string | null;
}

/** An OpenAI `chat.completion.chunk`: the object the OpenAI SDK yields when streaming. */
export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  system_fingerprint?: string;
  service_tier?: string;
  choices: ChatCompletionChunkChoice[];
  /** Only on the usage chunk (whose `choices` is empty), in OpenAI's shape, billing included. */
  usage?: JsonObject;
}

/**
 * Turns normalized events into the `chat.completion.chunk` objects code written against the
 * OpenAI SDK reads (`chunk.choices[0]?.delta?.content`), whatever dialect the stream was: one
 * chunk per content event, the response metadata repeated on each as OpenAI does. Events with
 * no chunk form (receipt, comments, unknown events, errors, the end) give `undefined`; the stream
 * object exposes those itself.
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
  #id = "";
  #model = "";
  #created = 0;
  #systemFingerprint: string | undefined;
  #serviceTier: string | undefined;
  #usage: Usage | undefined;

  map(event: StreamEvent): ChatCompletionChunk | undefined {
    return match(event)
      .returnType<ChatCompletionChunk | undefined>()
      .with({ type: "metadata" }, (e) => {
        if (e.id !== undefined) this.#id = e.id;
        if (e.model !== undefined) this.#model = e.model;
        if (e.created !== undefined) this.#created = e.created;
        if (e.systemFingerprint !== undefined) this.#systemFingerprint = e.systemFingerprint;
        if (e.serviceTier !== undefined) this.#serviceTier = e.serviceTier;
        return undefined;
      })
      .with({ type: "role" }, (e) => this.#choice(e.choice, { role: e.role }))
      .with({ type: "text-delta" }, (e) => this.#choice(e.choice, { content: e.text }))
      .with({ type: "reasoning-delta" }, (e) =>
        this.#choice(e.choice, { reasoning_content: e.text }),
      )
      .with({ type: "refusal-delta" }, (e) => this.#choice(e.choice, { refusal: e.text }))
      .with({ type: "tool-call-start" }, (e) =>
        this.#choice(e.choice, {
          tool_calls: [
            {
              index: e.index,
              id: e.id,
              type: "function",
              function: { name: e.name, arguments: "" },
            },
          ],
        }),
      )
      .with({ type: "tool-call-delta" }, (e) =>
        this.#choice(e.choice, {
          tool_calls: [{ index: e.index, function: { arguments: e.delta } }],
        }),
      )
      .with({ type: "logprobs" }, (e) => this.#choice(e.choice, {}, { logprobs: e.logprobs }))
      .with({ type: "finish" }, (e) =>
        this.#choice(e.choice, {}, { finish_reason: toOpenAIFinishReason(e) }),
      )
      .with({ type: "usage" }, ({ type: _, ...usage }) => {
        // OpenAI clients keep the last usage they see, so each usage chunk carries the total.
        this.#usage = mergeUsage(this.#usage, usage);
        return { ...this.#base(), choices: [], usage: toOpenAIUsage(this.#usage) };
      })
      .with(
        { type: "reasoning-signature" },
        { type: "reasoning-redacted" },
        { type: "tool-call-end" },
        { type: "receipt" },
        { type: "extra" },
        { type: "unknown" },
        { type: "comment" },
        { type: "error" },
        { type: "end" },
        () => undefined,
      )
      .exhaustive();
  }

  #base(): Omit<ChatCompletionChunk, "choices"> {
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
    rest: { logprobs?: JsonValue; finish_reason?: string } = {},
  ): ChatCompletionChunk {
    const choice: ChatCompletionChunkChoice = { index, delta, finish_reason: null };
    if (rest.logprobs !== undefined) choice.logprobs = rest.logprobs;
    if (rest.finish_reason !== undefined) choice.finish_reason = rest.finish_reason;
    return { ...this.#base(), choices: [choice] };
  }
}
