import { type AnyDialect, type ConvertOptions, convert, convertStream } from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { openai } from "@sse-dialects/openai";
import { describe, expect, it } from "vitest";

/*
 * Latency (issue 7): no event is held back waiting for later bytes. Each step feeds one complete
 * event (and, to be sure, the first bytes of the next one), then the source stalls: the encoded
 * output for that event must already be out. "Already" is an ordering, not a time: the output
 * must be readable before a macrotask has run, so a pipeline that waits for the next chunk, a
 * timer or the end of the stream fails, however fast the machine.
 */

const utf8 = new TextEncoder();
const NOTHING = Symbol("nothing yet");

/** The next output, if it is already there; throws if the pipeline holds it back. */
async function readNow(read: () => Promise<IteratorResult<Uint8Array>>): Promise<string> {
  const next = await Promise.race([
    read(),
    new Promise<typeof NOTHING>((resolve) => setImmediate(() => resolve(NOTHING))),
  ]);
  if (next === NOTHING) throw new Error("held back: no output for a complete event");
  if (next.done) throw new Error("the output ended");
  return new TextDecoder().decode(next.value);
}

/** A conversion fed piece by piece, through `convertStream` or through `convert`. */
interface Stalled {
  /** Feeds `text` and returns the output it produced, which must already be out. */
  feed(text: string): Promise<string>;
  /** Feeds `text` and ends the input; returns the rest of the output. */
  end(text: string): Promise<string>;
}

async function rest(read: () => Promise<IteratorResult<Uint8Array>>): Promise<string> {
  let out = "";
  for (let next = await read(); !next.done; next = await read())
    out += new TextDecoder().decode(next.value);
  return out;
}

function throughConvertStream(from: AnyDialect, to: AnyDialect, options: ConvertOptions) {
  const { readable, writable } = convertStream(from, to, options);
  const writer = writable.getWriter();
  const reader = readable.getReader();
  return {
    async feed(text: string): Promise<string> {
      // Not awaited: with nothing reading, the write resolves only once its output is taken.
      void writer.write(utf8.encode(text));
      return readNow(() => reader.read() as Promise<IteratorResult<Uint8Array>>);
    },
    end(text: string): Promise<string> {
      void writer.write(utf8.encode(text));
      void writer.close();
      return rest(() => reader.read() as Promise<IteratorResult<Uint8Array>>);
    },
  } satisfies Stalled;
}

function throughConvert(from: AnyDialect, to: AnyDialect, options: ConvertOptions) {
  // A source that yields what it is given and otherwise waits, as a stalled connection does.
  const pending: string[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (pending.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      if (pending.length === 0) return;
      yield utf8.encode(pending.shift()!);
    }
  }
  const output = convert(source(), from, to, options);
  return {
    async feed(text: string): Promise<string> {
      pending.push(text);
      wake?.();
      return readNow(() => output.next());
    },
    end(text: string): Promise<string> {
      pending.push(text);
      ended = true;
      wake?.();
      return rest(() => output.next());
    },
  } satisfies Stalled;
}

const pipelines = { convertStream: throughConvertStream, convert: throughConvert };

const HEAD = '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[';
const chunk = (choice: string) => `data: ${HEAD}${choice}]}\n\n`;

describe.each(Object.entries(pipelines))("latency through %s", (_, open) => {
  describe.each(["separate", "finish-chunk"] as const)("openai → openai, usage %s", (usage) => {
    it("writes each event before the next one arrives", async () => {
      const stalled = open(openai, openai, { encode: { dialect: { usage } } });
      const role = chunk(
        '{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}',
      );
      const text = chunk('{"index":0,"delta":{"content":"Hi"},"finish_reason":null}');
      const finish = chunk('{"index":0,"delta":{},"finish_reason":"stop"}');
      const usageChunk = `data: ${HEAD}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\n`;

      // Each piece ends with the first bytes of the next event, which must not hold this one.
      const first = await stalled.feed(role + text.slice(0, 20));
      expect(first).toContain('"role":"assistant"');
      expect(first.endsWith("\n\n")).toBe(true);
      expect(await stalled.feed(text.slice(20) + finish.slice(0, 10))).toContain('"content":"Hi"');
      // The finish chunk is not kept back for usage to join it, even with usage: "finish-chunk".
      expect(await stalled.feed(finish.slice(10))).toContain('"finish_reason":"stop"');
      expect(await stalled.feed(usageChunk)).toContain('"total_tokens":3');
      // The output's `[DONE]` is the end event's, written when the input ends.
      expect(await stalled.end("data: [DONE]\n\n")).toBe("data: [DONE]\n\n");
    });
  });

  it("elumenta → openai writes each event before the next one arrives", async () => {
    const stalled = open(elumenta, openai, {});
    const start = 'data: {"type":"generation_start","id":"gen_1","model":"m"}\n\n';
    const delta = 'data: {"type":"content_delta","delta":"Hi"}\n\n';
    const end =
      'data: {"type":"generation_end","id":"gen_1","tokens_used":3,"balance_remaining":7}\n\n';

    const first = await stalled.feed(start + delta.slice(0, 15));
    expect(first).toContain('"role":"assistant"');
    expect(first).toContain('"id":"gen_1"');
    expect(await stalled.feed(delta.slice(15))).toContain('"content":"Hi"');
    const last = await stalled.feed(end);
    expect(last).toContain('"finish_reason":"stop"');
    expect(last).toContain('"tokens_used":3');
    expect(await stalled.end("data: [DONE]\n\n")).toBe("data: [DONE]\n\n");
  });
});
