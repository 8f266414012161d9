import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { accumulate, decodeAll, encodeAll } from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import { loadFixtures, meaningOf } from "@sse-dialects/testkit";
import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { responses } from "./responses-dialect.js";
import { projectToResponses } from "./test-support/project-responses-meaning.js";

/*
 * The judge: what our encoder writes from every fixture of every registered dialect, served by
 * a real HTTP server on 127.0.0.1 and read by the official `openai` SDK's
 * `client.responses.stream()` (whose accumulator throws on an index it has not seen, a missing
 * part or an unexpected order). A stream that ended well reaches `finalResponse()` with the
 * source's text, reasoning, function calls, status and usage; one that ended in an error makes
 * the SDK throw with the error's message.
 */

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
});

let body = "";
const baseURL = await new Promise<string>((ready) => {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": responses.contentType });
      response.end(body);
    });
  });
  servers.push(server);
  server.listen(0, "127.0.0.1", () =>
    ready(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`),
  );
});
const client = new OpenAI({ baseURL, apiKey: "test-key", maxRetries: 0 });

/** Responses fixtures whose provider error the SDK, by its design, reports without throwing. */
const NOT_THROWN = new Set(["responses/failed-mid-stream"]);

const sources = dialects.flatMap((d) => loadFixtures(d.name).map((f) => [d, f] as const));

describe("the openai SDK's responses.stream() reads the encoder's output", () => {
  it.each(sources.map(([d, f]) => [`${d.name}/${f.name}`, d, f] as const))(
    "%s",
    async (_, dialect, fixture) => {
      const events = decodeAll(fixture.bytes, dialect);
      const meaning = projectToResponses(meaningOf(accumulate(events)));
      body = encodeAll(events, responses);
      const stream = client.responses.stream({ model: "m", input: "hi" });
      const seen: { type: string; response?: { status: string; usage: unknown } }[] = [];
      stream.on("event", (e) => seen.push(e as (typeof seen)[number]));
      if (NOT_THROWN.has(`${dialect.name}/${fixture.name}`)) {
        // A provider's own error in a shape the SDK does not throw on, written back as sent: it
        // reaches the SDK as an event (`response.failed` without an `error` event).
        await stream.finalResponse();
        expect(seen.some((e) => e.type === "error" || e.type === "response.failed")).toBe(true);
        return;
      }
      if (meaning.end !== "done") {
        const error = await stream.finalResponse().catch((e: unknown) => e);
        // Rejected: with an APIError for the nested `error` our encoder writes, and with the
        // event itself for the flat documented shape (the SDK emits a Responses `error` event on
        // its own error channel).
        expect(error).toMatchObject({ message: expect.stringContaining(meaning.errors[0]!) });
        return;
      }
      const final = await stream.finalResponse();
      const choice = meaning.choices[0];
      let text = "";
      let reasoning = "";
      let refusal = "";
      const calls: { id: string; name: string; arguments: unknown }[] = [];
      for (const item of final.output) {
        if (item.type === "reasoning") reasoning += item.summary.map((s) => s.text).join("");
        if (item.type === "function_call") {
          calls.push({
            id: item.call_id,
            name: item.name,
            arguments: JSON.parse(item.arguments || "{}"),
          });
        }
        if (item.type === "message") {
          for (const c of item.content) {
            if (c.type === "refusal") refusal += c.refusal;
            else text += c.text;
          }
        }
      }
      expect(text).toBe(choice?.text ?? "");
      expect(reasoning).toBe(choice?.reasoning ?? "");
      expect(refusal).toBe(choice?.refusal ?? "");
      expect(calls).toEqual(
        (choice?.toolCalls ?? []).map((c) => ({
          id: c.id,
          name: c.name,
          arguments: JSON.parse(c.arguments || "{}"),
        })),
      );
      // From the source's own finish: a filtered answer with no content (a blocked prompt) has
      // no output the projection keeps, and is still `incomplete`.
      const finish = accumulate(events).choices.find((c) => c.index === 0)?.finish?.reason;
      const status =
        finish === "length" || finish === "content_filter" ? "incomplete" : "completed";
      // The SDK's snapshot takes the terminal response only from `response.completed`; the
      // `response.incomplete` event itself carries the status.
      expect(seen.at(-1)?.response?.status).toBe(status);
      const usage = seen.at(-1)?.response?.usage ?? final.usage;
      if (meaning.usage === undefined) expect(usage ?? null).toBeNull();
      else {
        expect(usage).toMatchObject({
          input_tokens: meaning.usage.promptTokens,
          output_tokens: meaning.usage.completionTokens,
          total_tokens: meaning.usage.totalTokens,
          input_tokens_details: { cached_tokens: meaning.usage.cachedTokens },
          output_tokens_details: { reasoning_tokens: meaning.usage.reasoningTokens },
        });
      }
    },
  );

  it("responses.create({ stream: true }) iterates a converted tool-call stream without error", async () => {
    const fixture = loadFixtures("openai").find(
      (f) => f.name === "tool-calls-parallel-split-escapes",
    )!;
    const openai = dialects.find((d) => d.name === "openai")!;
    body = encodeAll(decodeAll(fixture.bytes, openai), responses);
    const types: string[] = [];
    for await (const event of await client.responses.create({
      model: "m",
      input: "hi",
      stream: true,
    })) {
      types.push(event.type);
    }
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(types).toContain("response.function_call_arguments.delta");
  });
});
