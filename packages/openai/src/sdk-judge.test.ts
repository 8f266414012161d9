import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { accumulate, type Drop, decodeAll, encodeAll, toolCallIdOf } from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import { loadFixtures } from "@sse-dialects/testkit";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openai } from "./openai-dialect.js";

/*
 * The target's own client is the judge: every fixture of every registered dialect, converted to
 * OpenAI chat chunks by the encoder and served over real HTTP on 127.0.0.1, is read by the
 * official `openai` SDK. It must see the text, tool calls and finish reason of choice 0 that the
 * source stream carried, and a stream that carried an error (a cut-off included: the encoder
 * says so, where the bare wire would just stop) must make it throw that error. The reading code
 * is a careful client's: it skips a trailer without `choices` and a `content` that is not a
 * string, both of which an OpenAI stream may carry as its own data.
 */

const bodies = new Map<string, string>();
let server: Server;
let baseURL: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const body = bodies.get(request.headers["x-fixture"] as string);
      response.writeHead(body === undefined ? 404 : 200, { "content-type": openai.contentType });
      response.end(body ?? "");
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise((done) => server.close(done)));

interface Read {
  text: string;
  calls: { id: string; name: string; arguments: string }[];
  finished: boolean;
  error?: string;
}

/** What the SDK makes of the body served under `name`: choice 0, or the error it throws. */
async function readWithSdk(name: string): Promise<Read> {
  const client = new OpenAI({
    baseURL,
    apiKey: "test-key",
    maxRetries: 0,
    defaultHeaders: { "x-fixture": name },
  });
  const read: Read = { text: "", calls: [], finished: false };
  try {
    const stream = await client.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    for await (const chunk of stream) {
      // A trailer a recorded stream carried reaches code as a "chunk" without choices.
      for (const c of chunk.choices ?? []) {
        if (c.index !== 0) continue;
        const content: unknown = c.delta.content;
        if (typeof content === "string") read.text += content;
        for (const fragment of c.delta.tool_calls ?? []) {
          read.calls[fragment.index] ??= { id: "", name: "", arguments: "" };
          const call = read.calls[fragment.index]!;
          call.id += fragment.id ?? "";
          call.name += fragment.function?.name ?? "";
          call.arguments += fragment.function?.arguments ?? "";
        }
        if (c.finish_reason) read.finished = true;
      }
    }
  } catch (error) {
    read.error = (error as Error).message;
  }
  read.calls = read.calls.filter(Boolean);
  return read;
}

describe("the openai SDK reads every dialect's fixtures converted to OpenAI", () => {
  for (const source of dialects) {
    for (const fixture of loadFixtures(source.name)) {
      const key = `${source.name}/${fixture.name}`;
      it(key, async () => {
        const events = decodeAll(fixture.bytes, source);
        const drops: Drop[] = [];
        bodies.set(key, encodeAll(events, openai, { onDrop: (d) => drops.push(d) }));
        const seen = await readWithSdk(key);

        const expected = accumulate(events);
        const firstError = expected.errors[0];
        if (firstError !== undefined) {
          expect(seen.error).toContain(firstError.message);
        } else {
          const choice = expected.choices.find((c) => c.index === 0);
          expect(seen).toEqual({
            text: choice?.text ?? "",
            calls: (choice?.toolCalls ?? []).map((call) => ({
              id: toolCallIdOf({ choice: 0, index: call.index, id: call.id }),
              name: call.name,
              arguments: call.arguments,
            })),
            finished: choice?.finish !== undefined,
          });
        }
        // Nothing of another dialect reached the wire: each such event was reported instead.
        for (const event of events) {
          if ((event.type === "unknown" || event.type === "extra") && event.dialect !== "openai")
            expect(drops.map((d) => d.event)).toContain(event);
        }
      });
    }
  }
});
