import type { AccumulatedMessage } from "../accumulate/accumulate-events.js";
import type { JsonObject, StreamEvent } from "../events/stream-event.js";
import type { Framing } from "../framing/framings.js";
import type { WireMessage } from "../framing/wire-message.js";
import type { ExactJson } from "../json/exact-json.js";
import type { DeltaEvent, SteadyDeltasOption } from "../pipeline/steady-deltas.js";
import type { ChatRequest } from "../request/chat-request.js";

/** Where decoders deliver events. Called synchronously, in order, as soon as an event is known. */
export type Emit = (event: StreamEvent) => void;

/**
 * Where encoders deliver text. `reusable` says the encoder will write this same string again and
 * again (a chunk prefix that changes only with the metadata): a byte sink may keep its UTF-8
 * encoding instead of encoding it every time. Sinks that collect text ignore it.
 */
export type Write = (text: string, reusable?: boolean) => void;

/**
 * A dialect's decoder: wire messages (already framed and size-checked by core) in, normalized
 * events out. It never sees bytes, comments or the end event; core handles those uniformly.
 */
export interface DialectDecoder {
  /** One SSE event, or one NDJSON line. */
  message(message: WireMessage): void;
  /**
   * The input has ended. Emit whatever the dialect still owes (tool calls left open, say) and
   * return whether the stream ended the way the dialect documents: its terminator was seen, or
   * an error the dialect documents as final (OpenAI's bare `{"error": …}`, Elumenta's `error`)
   * ended it. Core reports any other stream as cut off, and emits the `end` event.
   */
  end(): boolean;
  /**
   * For a dialect with `steadyDeltas`: the engine read `message`, which repeats a steady one, as
   * `event`, without `message()`. A decoder that counts what its deltas carried counts it here;
   * one whose state follows an ignored field (Gemini's cumulative usage counts) notes the message
   * to read it when needed. Returning `false` refuses the repeat before anything changed: the
   * message is then decoded the full way (Gemini, once its response is complete, owes a `usage`
   * event for counts that change, which a repeat cannot emit).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a decoder that only counts returns nothing.
  repeated?(event: DeltaEvent, message: WireMessage): boolean | void;
}

/**
 * How an encoder reports what its wire cannot express: the event (or the part of it that is
 * lost) and why, in a few words ("openai has no field for reasoning signatures"). Core passes it
 * on to the caller's `onDrop` and, when asked, writes it into the stream as a comment.
 */
export type ReportDrop = (event: StreamEvent, reason: string) => void;

/** What an encoder could not write, as the caller's `onDrop` receives it. */
export interface Drop {
  /** The dialect that could not express it. */
  target: string;
  /** The event, whole. */
  event: StreamEvent;
  /** Why, in a few words. */
  reason: string;
}

/**
 * A dialect's encoder: normalized events in, wire text out. It writes as early as it can; what it
 * holds back to merge with the next event (usage on the finish chunk) it writes on `flush`, which
 * the pipelines call at the end of every input batch, so nothing waits for bytes not yet received.
 * The one exception a wire may force: a dialect that sends tool calls whole (Gemini, Ollama)
 * holds a call's arguments until its `tool-call-end`. What it cannot express at all (a foreign
 * dialect's `unknown` or `extra`, a signature it has no field for) goes to `ReportDrop`: never
 * written raw, never dropped silently.
 */
export interface DialectEncoder {
  encode(event: StreamEvent): void;
  flush(): void;
}

/** What detection sees: the response's content type and the first messages of the stream. */
export interface DetectionInput {
  contentType: string | undefined;
  messages: readonly WireMessage[];
}

/**
 * The answer of a detector: the stream is this dialect, is not, or cannot tell yet from what was
 * seen (the next message may decide).
 */
export type Detection = "yes" | "no" | "undecided";

/**
 * A field of the request that the target dialect does not take and that was left out: `field`
 * as the client wrote it (`logit_bias`, `messages[1].content[0].cache_control`), `reason` in a
 * few words. Requests never lose a field silently: it is carried, refused (`RequestError`), or
 * listed here for the gateway to log or report.
 */
export interface DroppedField {
  field: string;
  reason: string;
}

/**
 * The upstream request a dialect's builder makes: the full endpoint URL (streaming), the JSON
 * body, the non-auth headers the dialect requires (`anthropic-version`), and what was dropped.
 * Auth headers are the caller's (the proxy's) job.
 */
export interface UpstreamRequest {
  url: string;
  body: JsonObject;
  headers?: Record<string, string>;
  dropped?: DroppedField[];
}

/**
 * What a front's URL says besides the body: the model (Gemini's `models/{model}:…`) and whether
 * the route streams (Gemini's `:streamGenerateContent` against `:generateContent`).
 */
export interface RequestRoute {
  model?: string;
  stream?: boolean;
}

/**
 * Where a builder sends the request: the provider's API root as its official SDK takes it as
 * `baseURL` (`https://api.openai.com/v1`, `https://api.anthropic.com`,
 * `https://generativelanguage.googleapis.com`, `http://localhost:11434`), and the model to ask
 * for (the gateway's routing may rename it).
 */
export interface UpstreamTarget {
  baseUrl: string;
  model: string;
}

/**
 * A dialect's request side: its own request body to the normalized `ChatRequest` and back, and
 * its non-streaming response shape for a collected stream.
 */
export interface DialectRequests {
  /**
   * This dialect's request body (as its clients send it) → the model. Lenient on unknown fields
   * (kept in `extra` under this dialect's name); throws `RequestError` for malformed input.
   */
  parse(body: JsonObject, route: RequestRoute): ChatRequest;
  /**
   * The model → this dialect's streaming upstream request. Throws `RequestError` for a field it
   * refuses (stateful features it cannot carry, a foreign provider-only tool).
   */
  build(request: ChatRequest, upstream: UpstreamTarget): UpstreamRequest;
  /** This dialect's non-streaming response body for a collected stream. */
  toResponse(message: AccumulatedMessage, options?: ResponseOptions): JsonObject;
}

/** Options of a non-streaming response body (`toResponse`). */
export interface ResponseOptions {
  /**
   * For a dialect that writes tool-call arguments as an object (Anthropic's `input`, Gemini's
   * `args`, Ollama's `arguments`): arguments with a number `JSON.stringify` would write otherwise
   * (a whole number past 2^53, one past a double's range) are placeholders in the body, which
   * `exact.stringify(body)` writes with the arguments' own digits. Without it they are the
   * parsed objects.
   */
  exact?: ExactJson;
}

/**
 * Turns an OpenAI chat-completions request body into a dialect's upstream request. `url` is the
 * configured upstream endpoint (`configured: true`), or the URL the client called when none is
 * configured (the proxy's normalizing fetch), which the mapper may rewrite to its dialect's
 * endpoint. The upstream is always asked to stream.
 */
export type RequestMapper = (
  request: JsonObject,
  url: string,
  configured: boolean,
) => UpstreamRequest;

/** A dialect: a name, a framing, a decoder, an encoder, an optional detector and request side. */
export interface Dialect<
  DecodeOptions = Record<string, never>,
  EncodeOptions = Record<string, never>,
> {
  /** A short, lowercase, stable name (`openai`, `elumenta`): used by `--from`/`--to`. */
  readonly name: string;
  /** How the wire frames messages: `sseFraming`, `ndjsonFraming`, `jsonArrayFraming`, or its own. */
  readonly framing: Framing;
  /** The content type encoders produce. */
  readonly contentType: string;
  /** How the stream's proper end looks, for the cut-off error message (`data: [DONE]`). */
  readonly terminator: string;
  createDecoder(emit: Emit, options?: DecodeOptions): DialectDecoder;
  createEncoder(write: Write, options: EncodeOptions | undefined, drop: ReportDrop): DialectEncoder;
  detect?(input: DetectionInput): Detection;
  /**
   * Turns an OpenAI chat-completions request body into this dialect's upstream request (the
   * proxy's request side before `requests`; kept until the proxy reads `requests`).
   */
  readonly mapRequest?: RequestMapper;
  /** Parses, builds and answers this dialect's requests (the gateway's fronts and upstreams). */
  readonly requests?: DialectRequests;
  /**
   * Set when the decoder keeps the promise of {@link SteadyDeltasOption}: the engine then reads
   * a message that repeats the one before but for its delta's text without the decoder (and
   * without `JSON.parse`), see `SteadyDeltas`.
   */
  readonly steadyDeltas?: SteadyDeltasOption;
}

/** A dialect whose options are not known at the call site (registries, the CLI). */
// biome-ignore lint/suspicious/noExplicitAny: options are dialect-specific and checked by each dialect.
export type AnyDialect = Dialect<any, any>;
