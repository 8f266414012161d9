import {
  convert,
  convertStream,
  decode,
  decodeAll,
  decodeStream,
  encode,
  encodeAll,
  encodeStream,
  type StreamEvent,
} from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { describe, expectTypeOf, it } from "vitest";
import { openai } from "./openai-dialect.js";

/*
 * The pipelines keep each dialect's option types: a misspelled or mistyped dialect option is a
 * build error, not an option silently ignored at run time.
 */

const events: StreamEvent[] = [];
const body = new ReadableStream<Uint8Array>();

describe("dialect options through the pipelines", () => {
  it("accepts the dialect's own options", () => {
    expectTypeOf(encodeAll(events, openai, { dialect: { usage: "omit" } })).toEqualTypeOf<string>();
    encode(events, openai, { dialect: { receipts: "trailer" }, dropComments: true });
    encodeStream(openai, { dialect: { reasoningField: null } });
    decodeAll("", openai, { dialect: { keepObfuscation: true } });
    decode(body, openai, { dialect: { keepObfuscation: true } });
    decodeStream(openai, { maxEventSize: 1024 });
    convert(body, elumenta, openai, { encode: { dialect: { usage: "finish-chunk" } } });
    convertStream(openai, elumenta, { decode: { dialect: { keepObfuscation: true } } });
  });

  it("rejects what the dialect does not take", () => {
    // @ts-expect-error: `usgae` is not an option of the OpenAI encoder.
    encodeAll(events, openai, { dialect: { usgae: "omit" } });
    // @ts-expect-error: `"sometimes"` is not a usage placement.
    encodeAll(events, openai, { dialect: { usage: "sometimes" } });
    // @ts-expect-error: an encoder option is not a decoder option.
    decodeAll("", openai, { dialect: { usage: "omit" } });
    // @ts-expect-error: the target of a conversion is Elumenta, which takes no options.
    convert(body, openai, elumenta, { encode: { dialect: { usage: "omit" } } });
    // @ts-expect-error: the source's options are the decoder's.
    convertStream(openai, elumenta, { decode: { dialect: { receipts: "omit" } } });
  });
});
