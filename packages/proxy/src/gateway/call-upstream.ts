import { describeFetchFailure } from "../describe-fetch-failure.js";
import type { FrontError } from "./front.js";

/** How an upstream call went: its response, or the error for the client. */
export type UpstreamCall =
  | { ok: true; response: Response; release: () => void }
  | { ok: false; error: FrontError; clientGone: boolean };

/**
 * POSTs `body` to `url` with one abort controller for both reasons to give up: the client going
 * away (`request.signal`) and no response headers within `idleTimeoutMs`. Unreachable → 502
 * naming the host and the cause; silent → 504. `release` detaches from the client's signal once
 * the answer is over.
 */
export async function callUpstream(
  doFetch: typeof fetch,
  request: Request,
  url: string,
  headers: Headers,
  body: string,
  idleTimeoutMs: number | undefined,
): Promise<UpstreamCall> {
  const abort = new AbortController();
  const onClientGone = () => abort.abort(request.signal.reason);
  if (request.signal.aborted) onClientGone();
  else request.signal.addEventListener("abort", onClientGone, { once: true });
  const release = () => request.signal.removeEventListener("abort", onClientGone);
  const timer =
    idleTimeoutMs === undefined
      ? undefined
      : setTimeout(
          () =>
            abort.abort(
              new DOMException(
                `The upstream sent no response for ${idleTimeoutMs} ms`,
                "TimeoutError",
              ),
            ),
          idleTimeoutMs,
        );
  try {
    const response = await doFetch(url, { method: "POST", headers, body, signal: abort.signal });
    return { ok: true, response, release };
  } catch (error) {
    release();
    const reason = abort.signal.reason as unknown;
    if (request.signal.aborted) {
      return {
        ok: false,
        clientGone: true,
        error: { status: 499, message: "The client went away", code: "aborted" },
      };
    }
    if (reason instanceof DOMException && reason.name === "TimeoutError") {
      return {
        ok: false,
        clientGone: false,
        error: { status: 504, message: reason.message, code: "timeout" },
      };
    }
    let host = "the upstream";
    try {
      host = new URL(url).host;
    } catch {}
    return {
      ok: false,
      clientGone: false,
      error: {
        status: 502,
        message: `The upstream at ${host} could not be reached: ${describeFetchFailure(error)}`,
        code: "network-error",
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
