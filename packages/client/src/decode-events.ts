import {
  type AnyDialect,
  type ByteSource,
  createAutoDecoder,
  createStreamDecoder,
  type DecodeOptions,
  driveDecoder,
  type Emit,
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
 * Bytes → normalized events with a given or detected dialect, on core's `driveDecoder` loop;
 * the stream object also needs the detected dialect and an observer that sees events before
 * coalescing. A source that throws ends with core's error event for it.
 *
 * @example
 * ```ts
 * const { events, dialect } = decodeEvents(response.body!, {
 *   dialect: "auto", dialects: defaultDialects, contentType: "text/event-stream",
 * });
 * for await (const event of events) console.log(dialect()?.name, event);
 * ```
 */
export function decodeEvents(source: ByteSource, options: DecodeEventsOptions): DecodedEvents {
  const { observe } = options;
  const common: Omit<DecodeOptions, "dialect"> = {};
  if (options.maxEventSize !== undefined) common.maxEventSize = options.maxEventSize;
  if (options.comments !== undefined) common.comments = options.comments;
  // A given dialect is known at once; a detected one once the decoder has seen enough.
  const given = options.dialect === "auto" ? undefined : options.dialect;
  let dialect: () => AnyDialect | undefined = () => given;
  const events = driveDecoder(source, (sink) => {
    const emit: Emit =
      observe === undefined
        ? sink
        : (event) => {
            observe(event);
            sink(event);
          };
    if (options.dialect === "auto") {
      const auto = createAutoDecoder(options.dialects, emit, {
        ...common,
        contentType: options.contentType,
        ...(options.dialectOptions === undefined ? {} : { dialectOptions: options.dialectOptions }),
      });
      dialect = () => auto.dialect;
      return auto;
    }
    const chosen = options.dialect;
    const dialectOption = options.dialectOptions?.[chosen.name];
    return createStreamDecoder(
      chosen,
      emit,
      dialectOption === undefined ? common : { ...common, dialect: dialectOption },
    );
  });
  return { events, dialect: () => dialect() };
}
