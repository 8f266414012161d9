import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { accumulate, decodeAll, encodeAll } from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import { loadFixtures, meaningOf } from "@sse-dialects/testkit";
import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ollama } from "./ollama-dialect.js";
import { projectToOllama } from "./test-support/project-ollama-meaning.js";

/*
 * The judge: every fixture of every registered dialect, encoded by OUR Ollama encoder, served by
 * a real HTTP server on 127.0.0.1 and read by the official `ollama` client's
 * `chat({ stream: true })`: it must see the text, thinking, tool calls (arguments as objects),
 * done reason and counts the source meant, and a source that ended in an error must make it throw.
 */

let server: Server;
let host: string;
let body = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": ollama.contentType });
      response.end(body);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
});

interface Seen {
  content: string;
  thinking: string;
  calls: { name: string; args: unknown }[];
  doneReason: string | undefined;
  counts: { prompt: number | undefined; completion: number | undefined } | undefined;
}

async function read(): Promise<Seen> {
  const client = new Ollama({ host });
  const seen: Seen = {
    content: "",
    thinking: "",
    calls: [],
    doneReason: undefined,
    counts: undefined,
  };
  for await (const part of await client.chat({
    model: "m",
    messages: [{ role: "user", content: "hi" }],
    stream: true,
  })) {
    seen.content += part.message.content;
    seen.thinking += part.message.thinking ?? "";
    for (const call of part.message.tool_calls ?? [])
      seen.calls.push({ name: call.function.name, args: call.function.arguments });
    if (part.done) {
      seen.doneReason = part.done_reason;
      if (part.prompt_eval_count !== undefined || part.eval_count !== undefined)
        seen.counts = { prompt: part.prompt_eval_count, completion: part.eval_count };
    }
  }
  return seen;
}

const cases = dialects.flatMap((source) =>
  loadFixtures(source.name).map((fixture) => ({
    source,
    fixture,
    name: `${source.name}/${fixture.name}`,
  })),
);

describe("the ollama client reads what the Ollama encoder writes", () => {
  it.each(cases)("$name", async ({ source, fixture }) => {
    const events = decodeAll(fixture.bytes, source);
    body = encodeAll(events, ollama);
    const meaning = projectToOllama(meaningOf(accumulate(events)));
    if (meaning.errors.length > 0) {
      await expect(read()).rejects.toThrow(meaning.errors[0]!.slice(0, 40));
      return;
    }
    const seen = await read();
    const choice = meaning.choices[0];
    expect(seen.content).toBe(choice?.text ?? "");
    expect(seen.thinking).toBe(choice?.reasoning ?? "");
    expect(seen.calls).toEqual(
      (choice?.toolCalls ?? []).map((call) => ({
        name: call.name,
        args: call.arguments === "" ? undefined : JSON.parse(call.arguments),
      })),
    );
    // An Ollama source's own `load`/`unload` goes back as it came; from any other dialect an
    // ending Ollama has no value for is `stop` (the projection says so).
    const own = accumulate(events).choices[0]?.finish;
    const expected = source.name === "ollama" && own?.reason === "other" ? "other" : choice?.finish;
    // Ollama's done reasons: `stop` ends a turn with or without calls; `load`/`unload` are other.
    const unified =
      seen.doneReason === "stop"
        ? seen.calls.length > 0
          ? "tool_calls"
          : "stop"
        : seen.doneReason === "length"
          ? "length"
          : seen.doneReason === undefined
            ? undefined
            : "other";
    expect(unified).toBe(expected);
    if (meaning.usage !== undefined)
      expect(seen.counts).toEqual({
        prompt: meaning.usage.promptTokens,
        completion: meaning.usage.completionTokens,
      });
  });
});
