import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { format } from "node:util";

/** A provider stand-in on 127.0.0.1: every request gets `wire`, event by event. */
export interface WireServer {
  url: string;
  /** Resolves when a response closes: `finished` is false when the client went away first. */
  closed(): Promise<{ finished: boolean }>;
  close(): Promise<void>;
}

/**
 * Serves `wire` (the events of a stream, each written on its own) to every request; with
 * `hang`, the response stays open after them until the client leaves, like a provider still
 * generating. No timers: the tests that fake them stay in control.
 */
export async function serveWire(
  wire: readonly string[],
  options: { hang?: boolean; contentType?: string } = {},
): Promise<WireServer> {
  let lastClose: Promise<{ finished: boolean }> = new Promise(() => {});
  const server: Server = createServer((_request, response) => {
    lastClose = once(response, "close").then(() => ({ finished: response.writableFinished }));
    response.writeHead(200, {
      "content-type": options.contentType ?? "text/event-stream",
      "cache-control": "no-cache",
    });
    for (const piece of wire) response.write(piece);
    if (options.hang !== true) response.end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    closed: () => lastClose,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** What the code printed (`console.log` and `process.stdout.write`), in order. */
export async function captureOutput(run: () => Promise<void>): Promise<string> {
  let out = "";
  const write = process.stdout.write;
  const log = console.log;
  process.stdout.write = ((text: string | Uint8Array) => {
    out += typeof text === "string" ? text : new TextDecoder().decode(text);
    return true;
  }) as typeof process.stdout.write;
  console.log = (...args: unknown[]) => {
    out += `${format(...args)}\n`;
  };
  try {
    await run();
  } finally {
    process.stdout.write = write;
    console.log = log;
  }
  return out;
}

/** An OpenAI `chat.completion.chunk` event, as OpenAI-compatible providers write it. */
export function chunkEvent(fields: {
  content?: string;
  role?: string;
  finish?: string;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  choices?: [];
}): string {
  const delta: Record<string, string> = {};
  if (fields.role !== undefined) delta.role = fields.role;
  if (fields.content !== undefined) delta.content = fields.content;
  const chunk: Record<string, unknown> = {
    id: "chatcmpl-abc",
    object: "chat.completion.chunk",
    created: 1677652288,
    model: "gpt-4o",
    choices: fields.choices ?? [{ index: 0, delta, finish_reason: fields.finish ?? null }],
  };
  if (fields.usage !== undefined) chunk.usage = fields.usage;
  return `data: ${JSON.stringify(chunk)}\n\n`;
}
