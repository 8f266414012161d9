import {
  type AnyDialect,
  type AutoDecoder,
  type ByteSource,
  createAutoDecoder,
  createStreamDecoder,
  type DecodeOptions,
  failureOf,
  type StreamDecoder,
  type StreamEvent,
} from "@sse-dialects/core";

export interface DecodeEventsOptions {
  /** The dialect, or `auto` to detect it among `dialects`. */
  dialect: AnyDialect | "auto";
  dialects: readonly AnyDialect[];
  /** The response's content type, for detection. */
  contentType: string | undefined;
  maxEventSize?: number | undefined;
  comments?: boolean | undefined;
  /** Options of each dialect's decoder, by dialect name. */
  dialectOptions?: Readonly<Record<string, unknown>> | undefined;
  /** Sees every event as it is decoded, before anything downstream (coalescing) delays it. */
  observe?: (event: StreamEvent) => void;
}

/** A running decode: its events, and the dialect once known (at once, or when detected). */
export interface DecodedEvents {
  events: AsyncGenerator<StreamEvent, void, undefined>;
  dialect(): AnyDialect | undefined;
}

/**
 * Bytes → normalized events with a given or detected dialect. It is core's `decode`/`decodeAuto`
 * loop, kept here because the stream object needs the detected dialect and an observer that
 * sees events before coalescing. A source that throws ends with core's error event for it.
 *
 * @example
 * ```ts
 * const { events, dialect } = decodeEvents(response.body!, {
 *   dialect: "auto", dialects: [openai, elumenta], contentType: "text/event-stream",
 * });
 * for await (const event of events) console.log(dialect()?.name, event);
 * ```
 */
export function decodeEvents(source: ByteSource, options: DecodeEventsOptions): DecodedEvents {
  const queue: StreamEvent[] = [];
  let ended = false;
  const emit = (event: StreamEvent) => {
    if (event.type === "end") ended = true;
    options.observe?.(event);
    queue.push(event);
  };
  const common: Omit<DecodeOptions, "dialect"> = {};
  if (options.maxEventSize !== undefined) common.maxEventSize = options.maxEventSize;
  if (options.comments !== undefined) common.comments = options.comments;
  let decoder: StreamDecoder | AutoDecoder;
  let dialect: () => AnyDialect | undefined;
  if (options.dialect === "auto") {
    const auto = createAutoDecoder(options.dialects, emit, {
      ...common,
      contentType: options.contentType,
      ...(options.dialectOptions === undefined ? {} : { dialectOptions: options.dialectOptions }),
    });
    decoder = auto;
    dialect = () => auto.dialect;
  } else {
    const chosen = options.dialect;
    const dialectOption = options.dialectOptions?.[chosen.name];
    decoder = createStreamDecoder(
      chosen,
      emit,
      dialectOption === undefined ? common : { ...common, dialect: dialectOption },
    );
    dialect = () => chosen;
  }
  async function* run(): AsyncGenerator<StreamEvent, void, undefined> {
    try {
      for await (const chunk of source) {
        decoder.push(chunk);
        if (queue.length > 0) yield* drain(queue);
        // Detection failed and ended the stream: reading on would only waste the source.
        if (ended) return;
      }
      decoder.close();
    } catch (error) {
      decoder.close(failureOf(error));
    }
    yield* drain(queue);
  }
  return { events: run(), dialect };
}

function* drain(queue: StreamEvent[]): Generator<StreamEvent> {
  // Indexing then truncating once avoids an O(n) shift per event.
  for (let i = 0; i < queue.length; i++) yield queue[i]!;
  queue.length = 0;
}
