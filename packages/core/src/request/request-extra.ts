import type { DroppedField } from "../dialect/dialect.js";
import type { JsonObject } from "../events/stream-event.js";
import { assignOwn, setOwn } from "../json/own-fields.js";
import type { ChatRequest, ProviderTool, RequestExtra } from "./chat-request.js";
import { RequestError } from "./request-error.js";

/**
 * Tags the fields a dialect sent that the model does not name with that dialect
 * (`{ anthropic: { cache_control: … } }`); `undefined` when there were none.
 *
 * @example
 * ```ts
 * tagExtra("anthropic", extraFields(block, new Set(["type", "text"]))); // { anthropic: { cache_control: {…} } }
 * ```
 */
export function tagExtra(
  dialect: string,
  fields: JsonObject | undefined,
): RequestExtra | undefined {
  if (fields === undefined) return undefined;
  const extra: RequestExtra = {};
  setOwn(extra, dialect, fields);
  return extra;
}

/**
 * Writes the `extra` fields of `dialect` onto `target` (a body, message or part being built for
 * that dialect) and lists every other dialect's fields in `dropped`, under `path` (where they
 * were in the model). A field the builder already wrote is not overwritten.
 *
 * @example
 * ```ts
 * const dropped: DroppedField[] = [];
 * writeExtra(out, part.extra, "openai", "messages[0].content[0]", dropped);
 * ```
 */
export function writeExtra(
  target: JsonObject,
  extra: RequestExtra | undefined,
  dialect: string,
  path: string,
  dropped: DroppedField[],
): void {
  if (extra === undefined) return;
  for (const name of Object.keys(extra)) {
    const fields = extra[name]!;
    if (name === dialect) {
      const own: JsonObject = {};
      for (const key of Object.keys(fields))
        if (!Object.hasOwn(target, key)) setOwn(own, key, fields[key]!);
      assignOwn(target, own);
    } else {
      for (const key of Object.keys(fields))
        dropped.push({
          field: path === "" ? key : `${path}.${key}`,
          reason: `a ${name} field ${dialect} does not take`,
        });
    }
  }
}

/**
 * Writes the request's `stateful` fields of `dialect` onto `body`; refuses (400 naming the
 * first field) the stateful fields of any other dialect, whose conversation state the target
 * cannot reach.
 *
 * @example
 * ```ts
 * writeStateful(body, request, "anthropic"); // throws RequestError("previous_response_id", …) for a Responses continuation
 * ```
 */
export function writeStateful(target: JsonObject, request: ChatRequest, dialect: string): void {
  const stateful = request.stateful;
  if (stateful === undefined) return;
  for (const name of Object.keys(stateful)) {
    const fields = stateful[name]!;
    if (name === dialect) {
      assignOwn(target, fields);
      continue;
    }
    const field = Object.keys(fields)[0];
    if (field !== undefined)
      throw new RequestError(
        field,
        `refers to state kept by ${name}, which ${dialect} cannot reach: send the whole conversation instead`,
      );
  }
}

/**
 * A provider tool (a built-in such as Anthropic's web search, kept as that dialect wrote it) for
 * a request in `dialect`: its own dialect's tool as it is; any other dialect's is refused, since
 * no other provider runs it.
 */
export function ownProviderTool(
  tool: ProviderTool,
  dialect: string,
  at: number,
): ProviderTool["tool"] {
  if (tool.dialect !== dialect)
    throw new RequestError(`tools[${at}]`, `a ${tool.dialect} tool has no ${dialect} equivalent`);
  return tool.tool;
}
