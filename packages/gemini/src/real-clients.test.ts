import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type GenerateContentResponse, GoogleGenAI } from "@google/genai";
import { accumulate, decodeAll, encodeAll } from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import { loadFixtures, meaningOf } from "@sse-dialects/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gemini } from "./gemini-dialect.js";
import { projectToGemini } from "./test-support/project-gemini-meaning.js";

/*
 * The judge: every fixture of every registered dialect, encoded by OUR Gemini encoder, served by
 * a real HTTP server on 127.0.0.1 and read by the official `@google/genai` SDK
 * (`models.generateContentStream`, and `chats.sendMessageStream`, whose curated history must keep
 * the finished turn): the SDK must see the text, thoughts, function calls (parsed arguments),
 * finish and usage the source meant, and a source that ended in an error must make the SDK throw.
 */

let server: Server;
let baseUrl: string;
/** What the server answers to the next request. */
let body = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": gemini.contentType });
      response.end(body);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
});

const client = () => new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl } });

interface Seen {
  text: string;
  thoughts: string;
  calls: { id: string | undefined; name: string | undefined; args: unknown }[];
  finish: string | undefined;
  usage: { prompt?: number; completion?: number; total?: number } | undefined;
}

/** Candidate 0's view of the chunks, as an application reading `@google/genai` builds it. */
function add(seen: Seen, chunk: GenerateContentResponse): void {
  const candidate = chunk.candidates?.find((c) => (c.index ?? 0) === 0);
  for (const part of candidate?.content?.parts ?? []) {
    if (part.functionCall !== undefined)
      seen.calls.push({
        id: part.functionCall.id,
        name: part.functionCall.name,
        args: part.functionCall.args,
      });
    else if (part.thought === true) seen.thoughts += part.text ?? "";
    else seen.text += part.text ?? "";
  }
  if (candidate?.finishReason !== undefined) seen.finish = candidate.finishReason;
  // A blocked prompt has no candidate: its `promptFeedback.blockReason` is the answer's end.
  const blocked = chunk.promptFeedback?.blockReason;
  if (blocked !== undefined && (chunk.candidates ?? []).length === 0) seen.finish = "SAFETY";
  const usage = chunk.usageMetadata;
  if (usage !== undefined) {
    const completion =
      usage.candidatesTokenCount === undefined && usage.thoughtsTokenCount === undefined
        ? undefined
        : (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
    seen.usage = JSON.parse(
      JSON.stringify({ prompt: usage.promptTokenCount, completion, total: usage.totalTokenCount }),
    );
  }
}

async function readStream(): Promise<Seen> {
  const seen: Seen = { text: "", thoughts: "", calls: [], finish: undefined, usage: undefined };
  const stream = await client().models.generateContentStream({
    model: "gemini-test",
    contents: "hi",
  });
  for await (const chunk of stream) add(seen, chunk);
  return seen;
}

/**
 * `chats.sendMessageStream` read to its end: the model turn its curated history keeps (what the
 * next `sendMessage` sends back), joined; `undefined` when the history dropped the turn.
 */
async function readChatTurn(): Promise<Omit<Seen, "finish" | "usage"> | undefined> {
  const chat = client().chats.create({ model: "gemini-test" });
  for await (const _ of await chat.sendMessageStream({ message: "hi" })) {
    // read to the end
  }
  const [user, ...model] = chat.getHistory(true);
  if (user?.role !== "user" || model.length === 0) return undefined;
  const seen: Seen = { text: "", thoughts: "", calls: [], finish: undefined, usage: undefined };
  for (const content of model) {
    if (content.role !== "model") return undefined;
    add(seen, { candidates: [{ content }] } as GenerateContentResponse);
  }
  return { text: seen.text, thoughts: seen.thoughts, calls: seen.calls };
}

/** Gemini's finish reasons as the reference describes them, unified. */
function unified(raw: string | undefined, calls: boolean): string | undefined {
  if (raw === undefined) return undefined;
  if (raw === "STOP") return calls ? "tool_calls" : "stop";
  if (raw === "MAX_TOKENS") return "length";
  if (
    ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"].includes(
      raw,
    )
  )
    return "content_filter";
  return "other";
}

const cases = dialects.flatMap((source) =>
  loadFixtures(source.name).map((fixture) => ({
    source,
    fixture,
    name: `${source.name}/${fixture.name}`,
  })),
);

describe("@google/genai reads what the Gemini encoder writes", () => {
  it.each(cases)("$name", async ({ source, fixture }) => {
    const events = decodeAll(fixture.bytes, source);
    body = encodeAll(events, gemini);
    const meaning = projectToGemini(meaningOf(accumulate(events)));
    if (meaning.errors.length > 0) {
      // The first error the source had is the first one the SDK meets.
      await expect(readStream()).rejects.toThrow(
        JSON.stringify(meaning.errors[0]).slice(1, -1).slice(0, 40),
      );
      return;
    }
    const seen = await readStream();
    const choice = meaning.choices.find((c, i) => i === 0 && c !== undefined);
    const first = accumulate(events).choices.find((c) => c.index === 0);
    expect(seen.text).toBe(first === undefined ? "" : (choice?.text ?? ""));
    expect(seen.thoughts).toBe(first === undefined ? "" : (choice?.reasoning ?? ""));
    expect(seen.calls).toEqual(
      (first === undefined ? [] : (choice?.toolCalls ?? [])).map((call, index) => ({
        id: first?.toolCalls[index]?.id,
        name: call.name,
        args: call.arguments === "" ? undefined : JSON.parse(call.arguments),
      })),
    );
    expect(unified(seen.finish, seen.calls.length > 0)).toBe(
      first === undefined ? undefined : choice?.finish,
    );
    // A chat keeps a finished one-candidate turn in its curated history (the part sent back
    // with the next message): every chunk valid content, and a finishReason.
    // A turn with nothing in it (a blocked prompt: Gemini sends no candidate) is dropped.
    const said = seen.text !== "" || seen.thoughts !== "" || seen.calls.length > 0;
    if (meaning.choices.length === 1 && choice?.finish !== undefined && said) {
      const turn = await readChatTurn();
      expect(turn).toEqual({ text: seen.text, thoughts: seen.thoughts, calls: seen.calls });
    }
    const usage = meaning.usage;
    if (usage?.promptTokens !== undefined || usage?.totalTokens !== undefined) {
      expect(seen.usage).toMatchObject(
        JSON.parse(
          JSON.stringify({
            prompt: usage.promptTokens,
            completion: usage.completionTokens,
            total: usage.totalTokens,
          }),
        ),
      );
    }
  });

  it("chats.sendMessageStream keeps the converted turn in its history", async () => {
    const [fixture] = loadFixtures("openai").filter(
      (f) => f.name === "tool-calls-parallel-split-escapes",
    );
    const openai = dialects.find((d) => d.name === "openai")!;
    body = encodeAll(decodeAll(fixture!.bytes, openai), gemini);
    const chat = client().chats.create({ model: "gemini-test" });
    for await (const _ of await chat.sendMessageStream({ message: "hi" })) {
      // read to the end
    }
    // The SDK keeps each chunk's content as it came: the user turn, then the model's chunks. A
    // chunk without content parts or a turn without a finishReason would leave `[user, {parts: []}]`.
    const [user, ...model] = chat.getHistory();
    expect(user?.role).toBe("user");
    expect(model.length).toBeGreaterThan(0);
    expect(model.every((content) => content.role === "model")).toBe(true);
    const calls = model.flatMap((c) => c.parts ?? []).filter((p) => p.functionCall !== undefined);
    expect(calls.map((p) => p.functionCall?.name)).toEqual(["get_weather", "search"]);
  });
});
