import { EVENT_SCHEMAS } from "./anthropic-wire-schema.js";

/*
 * Checks a whole SSE text against Anthropic's streaming wire: every event is `event: <name>` and
 * one `data:` line whose JSON matches the strict schema of that name and repeats it as `type`;
 * and the order the SDK's `MessageStream` accumulator needs (it throws on an impossible order,
 * or silently misplaces content): `message_start` first and once; block indexes contiguous from
 * 0, one block open at a time, every delta to the open block and of its kind, every start
 * stopped; `message_delta` after the blocks; `message_stop` last; or an `error`, after which
 * nothing comes.
 */

interface Parsed {
  name: string | undefined;
  data: string;
}

function parseEvents(wire: string): Parsed[] {
  const out: Parsed[] = [];
  for (const raw of wire.split(/\r?\n\r?\n/)) {
    const lines = raw.split(/\r?\n/).filter((line) => line !== "" && !line.startsWith(":"));
    if (lines.length === 0) continue;
    let name: string | undefined;
    const data: string[] = [];
    for (const line of lines) {
      if (line.startsWith("event: ")) name = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
      else throw new Error(`Not an Anthropic SSE line: ${JSON.stringify(line)}`);
    }
    out.push({ name, data: data.join("\n") });
  }
  return out;
}

/** Our error codes after which a stream goes on (see `FINAL_CODES` in `anthropic-wire.ts`). */
const NON_FINAL: ReadonlySet<string> = new Set([
  "invalid-utf8",
  "invalid-json",
  "invalid-event",
  "event-too-large",
]);

const DELTA_KIND: Readonly<Record<string, string>> = {
  text_delta: "text",
  thinking_delta: "thinking",
  signature_delta: "thinking",
  input_json_delta: "tool_use",
};

/** Every departure of `wire` from Anthropic's stream, one string each; empty when valid. */
export function anthropicWireProblems(wire: string): string[] {
  const problems: string[] = [];
  let started = false;
  let stopped = false;
  let failed = false;
  let delta = false;
  let next = 0;
  let open: { index: number; type: string } | undefined;
  for (const [i, { name, data }] of parseEvents(wire).entries()) {
    const at = `event ${i + 1} (${name ?? "no name"})`;
    if (stopped || failed) problems.push(`${at}: after the end of the stream`);
    const schema = name === undefined ? undefined : EVENT_SCHEMAS[name];
    if (schema === undefined) {
      problems.push(`${at}: not a documented event`);
      continue;
    }
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(data) as Record<string, unknown>;
    } catch {
      problems.push(`${at}: data is not JSON`);
      continue;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const issues = result.error.issues.map(
        (issue) => `${issue.path.join(".")}: ${issue.message}`,
      );
      problems.push(`${at}: ${issues.join("; ")} in ${data.slice(0, 160)}`);
      continue;
    }
    if (name !== "error" && name !== "message_start" && name !== "ping" && !started)
      problems.push(`${at}: before message_start`);
    switch (name) {
      case "message_start":
        if (started) problems.push(`${at}: a second message_start`);
        started = true;
        continue;
      case "content_block_start": {
        const index = value.index as number;
        const type = (value.content_block as { type: string }).type;
        if (delta) problems.push(`${at}: a block after message_delta`);
        if (open !== undefined) problems.push(`${at}: block ${open.index} is still open`);
        if (index !== next) problems.push(`${at}: index ${index}, expected ${next}`);
        next = index + 1;
        open = { index, type };
        continue;
      }
      case "content_block_delta": {
        const index = value.index as number;
        const kind = DELTA_KIND[(value.delta as { type: string }).type];
        if (open?.index !== index) problems.push(`${at}: block ${index} is not open`);
        else if (open.type !== kind)
          problems.push(`${at}: a ${kind} delta in a ${open.type} block`);
        continue;
      }
      case "content_block_stop":
        if (open?.index !== value.index)
          problems.push(`${at}: block ${String(value.index)} is not open`);
        open = undefined;
        continue;
      case "message_delta":
        if (open !== undefined) problems.push(`${at}: block ${open.index} is still open`);
        delta = true;
        continue;
      case "message_stop":
        if (!delta) problems.push(`${at}: no message_delta before message_stop`);
        stopped = true;
        continue;
      case "error":
        // An error sse-dialects reports that does not end a stream (a malformed upstream event)
        // carries its non-final `code`; Anthropic's own errors end the stream.
        if (!NON_FINAL.has(String((value.error as { code?: unknown }).code))) failed = true;
        continue;
    }
  }
  if (!stopped && !failed) problems.push("the stream ends without message_stop or error");
  return problems;
}

/** Throws when `wire` is not a valid Anthropic stream (see {@link anthropicWireProblems}). */
export function checkAnthropicWire(wire: string): void {
  const problems = anthropicWireProblems(wire);
  if (problems.length > 0) throw new Error(`Not a valid Anthropic stream:\n${problems.join("\n")}`);
}
