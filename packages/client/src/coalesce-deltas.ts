import type {
  ReasoningDeltaEvent,
  RefusalDeltaEvent,
  StreamEvent,
  TextDeltaEvent,
} from "@sse-dialects/core";

/** How long and how much small deltas may be merged before they are delivered. */
export interface CoalesceOptions {
  /** Longest a delta is held back, in milliseconds. Default 50. */
  ms?: number;
  /** Deliver as soon as this many characters are held. Default: no limit (time alone decides). */
  chars?: number;
}

type MergeableDelta = TextDeltaEvent | ReasoningDeltaEvent | RefusalDeltaEvent;

function isMergeable(event: StreamEvent): event is MergeableDelta {
  return (
    event.type === "text-delta" ||
    event.type === "reasoning-delta" ||
    event.type === "refusal-delta"
  );
}

const TIMED_OUT = Symbol("timed out");

/**
 * Merges consecutive text, reasoning or refusal deltas of the same choice, for UIs that re-render
 * per delta (a provider may send one per token). A merged delta is delivered when `chars` are
 * held, when `ms` have passed since its first part arrived (a timer, so a quiet provider does not
 * strand text on screen), or as soon as any other event comes, so the order of events is kept
 * and nothing but adjacent deltas of one kind is ever merged.
 *
 * @example
 * ```ts
 * for await (const event of coalesceDeltas(decode(body, openai), { ms: 40, chars: 200 })) {
 *   if (event.type === "text-delta") render(event.text);
 * }
 * ```
 */
export async function* coalesceDeltas(
  events: AsyncIterable<StreamEvent>,
  options: CoalesceOptions = {},
): AsyncGenerator<StreamEvent, void, undefined> {
  const ms = options.ms ?? 50;
  const chars = options.chars ?? Number.POSITIVE_INFINITY;
  const iterator = events[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<StreamEvent>> | undefined;
  let held: MergeableDelta | undefined;
  let deadline = 0;
  let finished = false;
  try {
    while (true) {
      pending ??= iterator.next();
      const result = held === undefined ? await pending : await within(pending, deadline);
      if (result === TIMED_OUT) {
        // The upstream read stays pending and is awaited again on the next turn.
        const out = held!;
        held = undefined;
        yield out;
        continue;
      }
      pending = undefined;
      if (result.done) {
        finished = true;
        break;
      }
      const event = result.value;
      if (!isMergeable(event)) {
        if (held !== undefined) {
          const out = held;
          held = undefined;
          yield out;
        }
        yield event;
        continue;
      }
      if (held !== undefined && held.type === event.type && held.choice === event.choice) {
        held = { ...held, text: held.text + event.text };
      } else {
        if (held !== undefined) yield held;
        held = { ...event };
        deadline = performance.now() + ms;
      }
      if (held.text.length >= chars) {
        const out = held;
        held = undefined;
        yield out;
      }
    }
    if (held !== undefined) yield held;
  } finally {
    // Not awaited: with a read still pending, `return` would wait for the next upstream event.
    if (!finished) {
      pending?.catch(() => {});
      iterator.return?.()?.catch(() => {});
    }
  }
}

function within<T>(promise: Promise<T>, deadline: number): Promise<T | typeof TIMED_OUT> {
  const wait = deadline - performance.now();
  if (wait <= 0) return Promise.resolve(TIMED_OUT);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(TIMED_OUT), wait);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
