import type { AnyDialect } from "@sse-dialects/core";
import type { ProxyLogEntry } from "../create-proxy-handler.js";
import type { ProxyEnv } from "../read-api-key.js";
import type { GatewayRouting } from "./gateway-config.js";

/** The configuration of {@link createGatewayHandler}: the routing, who may call, and the limits. */
export interface GatewayConfig extends GatewayRouting {
  /**
   * The variable holding the key clients must present, each in its own API's header
   * (`Authorization: Bearer`, `x-api-key`, `x-goog-api-key` or `?key=`). Read per request.
   * Default: any client may call.
   */
  clientKeyEnv?: string;
  /**
   * Send the client's own key to an upstream that has no `apiKeyEnv`, in that upstream's header
   * (an Anthropic client's `x-api-key` becomes `Authorization: Bearer` for an OpenAI upstream).
   * Default false.
   */
  forwardAuthorization?: boolean;
  /** Where key variables are looked up after the request's own `env`. Default: `process.env`. */
  env?: ProxyEnv;
  /** Client headers passed on beyond `FORWARDED_HEADERS`. Hop-by-hop headers never are. */
  forwardHeaders?: readonly string[];
  /** The dialects an `"auto"` upstream is detected among. Default: the registry's. */
  dialects?: readonly AnyDialect[];
  /** The largest request body accepted (413 past it). Default 4 MiB. */
  maxBodyBytes?: number;
  /** The most time a request body may take to arrive (408 past it). Default 30 000 ms. */
  requestBodyTimeoutMs?: number;
  /** The most bytes of an upstream's error body read. Default 64 KiB. */
  maxErrorBodyBytes?: number;
  /** The most upstream bytes collected into one non-streaming answer (502 past it). Default 32 MiB. */
  maxCollectedBytes?: number;
  /** Upstream silence that ends a request, on every read. Default 60 000 ms; `0` turns it off. */
  idleTimeoutMs?: number;
  /** Largest upstream event accepted, in characters (core's default: 4 MiB). */
  maxEventSize?: number;
  /** The fetch used for upstreams. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Called once per request when its answer is over. */
  onLog?: (entry: GatewayLogEntry) => void;
}

/** One request, for the log: the proxy's entry plus the front and the upstream it went to. */
export interface GatewayLogEntry extends ProxyLogEntry {
  /** The API served (`openai-chat`, `anthropic-messages`…), undefined for a path none serves. */
  front: string | undefined;
  /** The upstream's name, once routed. */
  upstream: string | undefined;
  /** Request fields the upstream's dialect could not take and left out (`logit_bias`…). */
  dropped: string[];
}
