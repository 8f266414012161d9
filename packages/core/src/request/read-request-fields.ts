import type { JsonObject, JsonValue } from "../events/stream-event.js";
import type { ResponseFormat } from "./chat-request.js";
import { RequestError } from "./request-error.js";

/**
 * Readers for the fields of a request body: absent and `null` (which OpenAI's API accepts for
 * "not set") read as `undefined`; a value of the wrong type is a `RequestError` naming `field`,
 * never a guess.
 */

/** A string, or undefined when absent or null. */
export function readString(value: JsonValue | undefined, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new RequestError(field, "must be a string");
  return value;
}

/** A finite number, or undefined when absent or null. */
export function readNumber(value: JsonValue | undefined, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new RequestError(field, "must be a number");
  return value;
}

/** A non-negative integer (a token count), or undefined when absent or null. */
export function readCount(value: JsonValue | undefined, field: string): number | undefined {
  const number = readNumber(value, field);
  // Safe integers only: past 2^53 a count is no longer exact (and zod's `int()` refuses it).
  if (number !== undefined && (!Number.isSafeInteger(number) || number < 0))
    throw new RequestError(field, "must be a non-negative integer");
  return number;
}

/** An integer, or undefined when absent or null. */
export function readInteger(value: JsonValue | undefined, field: string): number | undefined {
  const number = readNumber(value, field);
  if (number !== undefined && !Number.isSafeInteger(number))
    throw new RequestError(field, "must be an integer");
  return number;
}

/** A boolean, or undefined when absent or null. */
export function readBoolean(value: JsonValue | undefined, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new RequestError(field, "must be a boolean");
  return value;
}

/** A string or a list of strings (stop sequences) as a list, or undefined when absent or null. */
export function readStringList(value: JsonValue | undefined, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [value];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string"))
    throw new RequestError(field, "must be a string or a list of strings");
  return value as string[];
}

/** A map of strings to strings (`metadata`), or undefined when absent or null. */
export function readStringMap(
  value: JsonValue | undefined,
  field: string,
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value))
    throw new RequestError(field, "must be an object of strings");
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (typeof item !== "string") throw new RequestError(`${field}.${key}`, "must be a string");
    Object.defineProperty(out, key, {
      value: item,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The API root with the endpoint path after it, with exactly one `/` between. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/**
 * A JSON-schema response format as OpenAI's APIs spell it (`{name, description, schema,
 * strict}`: chat completions' `response_format.json_schema`, Responses' `text.format`); `field`
 * names the object the fields are in.
 */
export function readJsonSchemaFormat(spec: JsonValue | undefined, field: string): ResponseFormat {
  const fields: JsonObject =
    spec !== null && typeof spec === "object" && !Array.isArray(spec) ? spec : {};
  if (fields.schema === null || typeof fields.schema !== "object" || Array.isArray(fields.schema))
    throw new RequestError(`${field}.schema`, "must be a JSON schema object");
  const format: ResponseFormat = { type: "json-schema", schema: fields.schema };
  const name = readString(fields.name, `${field}.name`);
  if (name !== undefined) format.name = name;
  const description = readString(fields.description, `${field}.description`);
  if (description !== undefined) format.description = description;
  const strict = readBoolean(fields.strict, `${field}.strict`);
  if (strict !== undefined) format.strict = strict;
  return format;
}
