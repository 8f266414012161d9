import { type Emit, isJsonObject, type JsonObject, type JsonValue } from "@sse-dialects/core";

interface OpenCall {
  /** The wire `index` that reaches this call, or -1 once another call took that index over. */
  wire: number;
  /** The index events carry. */
  index: number;
  id: string | undefined;
  started: boolean;
}

function nonEmptyString(value: JsonValue | undefined): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The tool calls of one choice, as `delta.tool_calls` fragments arrive.
 *
 * Parallel calls are told apart by the fragment's `index`; only the first fragment carries `id`
 * and `function.name`, so a fragment without them continues the open call at its index. Two
 * real-world deviations are tolerated: a missing `index` (Mistral) means the fragment's position
 * in the array, and a fragment whose `id` differs from the open call at its index starts a new
 * call under a fresh index (servers that number every parallel call 0), so the calls' arguments
 * never run together.
 */
export class ToolCallTracker {
  readonly #choice: number;
  #open: OpenCall[] = [];
  #used = new Set<number>();

  constructor(choice: number) {
    this.#choice = choice;
  }

  fragment(fragment: JsonObject, position: number, emit: Emit): void {
    const wireIndex = fragment.index;
    const wire =
      typeof wireIndex === "number" && Number.isInteger(wireIndex) && wireIndex >= 0
        ? wireIndex
        : position;
    const fn = isJsonObject(fragment.function) ? fragment.function : undefined;
    const id = nonEmptyString(fragment.id);
    const name = nonEmptyString(fn?.name);

    let call = this.#find(wire);
    if (call === undefined || (id !== undefined && call.id !== undefined && id !== call.id)) {
      const fresh = call === undefined && !this.#used.has(wire);
      if (call !== undefined) call.wire = -1;
      call = { wire, index: fresh ? wire : this.#nextIndex(), id, started: false };
      this.#open.push(call);
      this.#used.add(call.index);
    }
    if (!call.started && (id !== undefined || name !== undefined)) {
      call.started = true;
      call.id ??= id;
      // A call without an id (some OpenAI-compatible servers) stays without one: encoders that
      // need an id write a stable one (`toolCallIdOf`).
      emit(
        id === undefined
          ? { type: "tool-call-start", choice: this.#choice, index: call.index, name: name ?? "" }
          : {
              type: "tool-call-start",
              choice: this.#choice,
              index: call.index,
              id,
              name: name ?? "",
            },
      );
    }
    const args = fn?.arguments;
    // Kept byte-for-byte: a fragment may end inside a JSON string or an escape sequence.
    if (typeof args === "string" && args !== "") {
      emit({ type: "tool-call-delta", choice: this.#choice, index: call.index, delta: args });
    }
  }

  /** The choice finished: every call still open is complete, in index order. */
  finish(emit: Emit): void {
    if (this.#open.length === 0) return;
    const open = this.#open.sort((a, b) => a.index - b.index);
    for (const call of open)
      emit({ type: "tool-call-end", choice: this.#choice, index: call.index });
    this.#open = [];
    this.#used.clear();
  }

  #find(wire: number): OpenCall | undefined {
    for (const call of this.#open) if (call.wire === wire) return call;
    return undefined;
  }

  #nextIndex(): number {
    let next = 0;
    for (const index of this.#used) if (index >= next) next = index + 1;
    return next;
  }
}
