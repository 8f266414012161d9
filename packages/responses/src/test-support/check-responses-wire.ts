import { parseJson } from "@sse-dialects/core";
import { type ResponsesWireEvent, responsesEventSchema } from "./responses-wire-schema.js";

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);

/**
 * A strict check of a whole Responses SSE text our encoder wrote: each event valid against
 * the reference's schema, its `event:` name equal to its `type`, sequence numbers 0, 1, 2, …,
 * `response.created` then `response.in_progress` first, items added at contiguous output
 * indexes before any event names them and each closed by `output_item.done`, and exactly one
 * terminal event, last, whose output holds every item. Throws on the first violation.
 */
export function checkResponsesWire(wire: string): void {
  const events: ResponsesWireEvent[] = [];
  for (const block of wire.split("\n\n")) {
    const lines = block.split("\n").filter((l) => l !== "" && !l.startsWith(":"));
    if (lines.length === 0) continue;
    const name = lines.find((l) => l.startsWith("event: "))?.slice(7);
    const data = lines
      .filter((l) => l.startsWith("data: "))
      .map((l) => l.slice(6))
      .join("\n");
    const event = responsesEventSchema.parse(parseJson(data));
    if (name !== event.type) throw new Error(`event: ${name} carries type ${event.type}`);
    events.push(event);
  }
  const fail = (why: string, e?: unknown) => {
    throw new Error(`${why}${e === undefined ? "" : `: ${JSON.stringify(e)}`}`);
  };
  if (events[0]?.type !== "response.created") fail("the first event is not response.created");
  if (events[1]?.type !== "response.in_progress") fail("the second event is not in_progress");
  const added: string[] = [];
  const done = new Set<number>();
  events.forEach((e, i) => {
    if (e.sequence_number !== i) fail(`sequence_number ${e.sequence_number} at ${i}`);
    if (TERMINAL.has(e.type) !== (i === events.length - 1)) fail("a terminal event not last", e);
    if (e.type === "response.output_item.added") {
      if (e.output_index !== added.length) fail("an output index out of order", e);
      added.push(e.item.id);
    } else if (e.type === "response.output_item.done") {
      if (added[e.output_index] !== e.item.id || done.has(e.output_index)) fail("a bad done", e);
      done.add(e.output_index);
    } else if ("output_index" in e && "item_id" in e) {
      if (added[e.output_index] !== e.item_id || done.has(e.output_index)) {
        fail("an event for an item not open", e);
      }
    }
  });
  const last = events[events.length - 1];
  if (last === undefined || !("response" in last) || !TERMINAL.has(last.type)) fail("no terminal");
  if (done.size !== added.length) fail("an item never done");
  const output = (last as { response: { output: { id: string }[] } }).response.output;
  if (output.map((o) => o.id).join() !== added.join()) fail("the terminal output misses items");
}
