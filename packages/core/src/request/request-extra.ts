import type { DroppedField } from "../dialect/dialect.js";
import type { JsonObject } from "../events/stream-event.js";
import { assignOwn, setOwn } from "../json/own-fields.js";
import type { RequestExtra } from "./chat-request.js";

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
