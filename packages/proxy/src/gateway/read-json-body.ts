import { isJsonObject, type JsonObject, MAX_JSON_DEPTH, nestsTooDeep } from "@sse-dialects/core";
import { readLimitedBody } from "../read-limited-body.js";
import type { FrontError } from "./front.js";

/** The limits on a client's body. */
export interface BodyLimits {
  maxBytes: number;
  /** Undefined: no deadline. */
  timeoutMs: number | undefined;
}

/**
 * A client's JSON object body, within the limits: 413 past `maxBytes` (the rest unread), 408 past
 * the deadline (the connection closed: the rest of the body is not read), 400 for a body that
 * is not a JSON object or nests deeper than core's JSON depth bound.
 */
export async function readJsonBody(
  request: Request,
  limits: BodyLimits,
): Promise<{ ok: true; body: JsonObject } | { ok: false; error: FrontError }> {
  const read = await readLimitedBody(request, {
    maxBytes: limits.maxBytes,
    timeoutMs: limits.timeoutMs,
  });
  if (!read.ok) {
    if (read.reason === "timeout") {
      return refused(
        408,
        `The request body did not arrive within ${limits.timeoutMs} ms`,
        "request_timeout",
        {
          connection: "close",
        },
      );
    }
    if (read.reason === "failed")
      return refused(400, "The request body could not be read", "invalid_body");
    return refused(
      413,
      `The request body is larger than ${limits.maxBytes} bytes`,
      "request_too_large",
    );
  }
  if (nestsTooDeep(read.text)) {
    return refused(400, `The body nests deeper than ${MAX_JSON_DEPTH} levels`, "invalid_body");
  }
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch {
    return refused(400, "The body is not valid JSON", "invalid_json");
  }
  if (!isJsonObject(value as never))
    return refused(400, "The body must be a JSON object", "invalid_body");
  return { ok: true, body: value as JsonObject };
}

function refused(status: number, message: string, code: string, headers?: HeadersInit) {
  return {
    ok: false as const,
    error: { status, message, code, ...(headers === undefined ? {} : { headers }) },
  };
}
