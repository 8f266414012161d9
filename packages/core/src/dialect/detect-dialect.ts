import { errorEvent } from "../errors/stream-error.js";
import type { ErrorEvent } from "../events/stream-event.js";
import {
  type Framing,
  framingOfContentType,
  framingsOf,
  mediaType,
  ndjsonFraming,
  sseFraming,
} from "../framing/framings.js";
import type { WireMessage } from "../framing/wire-message.js";
import type { AnyDialect, Detection } from "./dialect.js";

/** What dialect detection is given: the stream so far, as each installed framing reads it. */
export interface DialectDetectionInput {
  /** The response's content type, if known. */
  contentType: string | undefined;
  /** The stream's text from its first character, as far as detection has read it. */
  start: string;
  /**
   * The first messages of the stream as `framing` reads them, in order: a dialect's detector is
   * shown the messages of its own framing.
   */
  messages(framing: Framing): readonly WireMessage[];
  /**
   * No more text or messages will be seen (the input ended, or a detection limit was reached):
   * an `undecided` answer then becomes an error instead of a wait.
   */
  final: boolean;
}

/** The outcome of dialect detection. */
export type DialectDetection =
  | { status: "found"; dialect: AnyDialect }
  | { status: "undecided" }
  | { status: "failed"; error: ErrorEvent };

/** Which dialects may be the stream's, from its content type and its start. */
export type CandidateDialects =
  | { status: "found"; dialects: readonly AnyDialect[] }
  | { status: "undecided" }
  | { status: "failed"; error: ErrorEvent };

/** Longest excerpt of the stream quoted in an `unknown-dialect` error. */
const EXCERPT = 120;

/**
 * The dialects a stream may be, before any message is read: those whose framing's `sniff`
 * answers `yes` for the stream's start. A content type that names a streaming framing
 * (`text/event-stream`, `application/x-ndjson`) narrows them first to the dialects whose framing
 * lists it; one that names none (`application/json`, absent) leaves the bytes to decide. The
 * answer is `undecided` while any remaining dialect's framing cannot tell yet (and the input goes
 * on), so the set depends on the text only, never on how it was split; with no `yes` at all it is
 * an `unknown-dialect` error naming the content type and the first bytes.
 *
 * @example
 * ```ts
 * candidateDialects([openai, gemini, ollama], { contentType: undefined, start: "[{", final: false });
 * // { status: "found", dialects: [gemini] }: only Gemini's framing reads a JSON array
 * ```
 */
export function candidateDialects(
  dialects: readonly AnyDialect[],
  input: { contentType: string | undefined; start: string; final: boolean },
): CandidateDialects {
  const contentType = input.contentType ?? null;
  const seen = input.start.trim();
  const framingNames = framingsOf(dialects)
    .map((framing) => framing.name)
    .join(", ");
  // Core's own framings too: a content type naming one that no installed dialect reads is a
  // clear "no dialect reads that" rather than a guess from the bytes.
  const named = framingOfContentType(input.contentType, [
    ...framingsOf(dialects),
    sseFraming,
    ndjsonFraming,
  ]);
  const type = mediaType(input.contentType);
  const allowed =
    named === undefined || type === undefined
      ? dialects
      : dialects.filter((dialect) => dialect.framing.contentTypes.includes(type));
  const data = {
    contentType,
    framing: named?.name ?? null,
    firstMessage: seen === "" ? null : excerpt(seen),
    candidates: {},
  };
  if (allowed.length === 0) {
    const installed = dialects.map((d) => `${d.name} (${d.framing.name})`).join(", ") || "none";
    return failed(
      `Could not recognise the stream's dialect: its content type ${contentType} names ${named!.name} framing, and no installed dialect reads that (installed: ${installed})`,
      data,
    );
  }
  const answers = allowed.map((dialect) => ({
    dialect,
    answer: dialect.framing.sniff(input.start),
  }));
  if (!input.final && answers.some((a) => a.answer === "undecided")) return { status: "undecided" };
  const yes = answers.filter((a) => a.answer === "yes").map((a) => a.dialect);
  if (yes.length > 0) return { status: "found", dialects: yes };
  return failed(
    seen === ""
      ? `Could not recognise the stream's dialect: the stream was empty (content type ${contentType ?? "(none)"})`
      : `Could not recognise the stream's dialect: its first bytes ${JSON.stringify(excerpt(seen))} are in none of the installed framings (${framingNames || "none installed"}; content type ${contentType ?? "(none)"})`,
    data,
  );
}

/**
 * Picks the one dialect among `dialects` that the stream is, never guessing. The candidates are
 * the dialects whose framing's `sniff` answers `yes` for the stream's start (see
 * {@link candidateDialects}): SSE for the SSE dialects, a JSON array for Gemini's, NDJSON for
 * Ollama's. Each candidate's detector is then shown the first messages of its own framing, and
 * exactly one must answer `yes`. Two `yes` answers (ambiguous), only `no` answers, or no `yes` by
 * the final call fail with an `unknown-dialect` error that names the content type, the start of
 * the first message and every candidate's answer. A dialect without a detector always answers
 * `undecided`, so it is never picked on a guess.
 *
 * Detectors are shown the same number of messages, whatever their framing (the fewest any
 * candidate framing has read, or all of them on the final call): then the answer depends on the
 * text only, not on which framer happened to read further into a chunk.
 *
 * @example
 * ```ts
 * const result = detectDialect([openai, elumenta], {
 *   contentType: "text/event-stream",
 *   start: 'data: {"type":"generation_start","id":"gen_1","model":"gpt-5"}\n\n',
 *   messages: () => [{ data: '{"type":"generation_start","id":"gen_1","model":"gpt-5"}' }],
 *   final: false,
 * });
 * if (result.status === "found") console.log(result.dialect.name); // "elumenta"
 * ```
 */
export function detectDialect(
  dialects: readonly AnyDialect[],
  input: DialectDetectionInput,
): DialectDetection {
  const candidates = candidateDialects(dialects, input);
  if (candidates.status !== "found") return candidates;
  const framings = distinctFramings(candidates.dialects);
  const count = input.final
    ? Number.POSITIVE_INFINITY
    : Math.min(...framings.map((framing) => input.messages(framing).length));
  const messagesOf = (framing: Framing) => {
    const messages = input.messages(framing);
    return messages.length > count ? messages.slice(0, count) : messages;
  };
  const answers = candidates.dialects.map((dialect) => ({
    dialect,
    answer: (dialect.detect?.({
      contentType: input.contentType,
      messages: messagesOf(dialect.framing),
    }) ?? "undecided") as Detection,
  }));
  const seen = describeSeen(input, framings, messagesOf);
  const answersData = Object.fromEntries(answers.map((a) => [a.dialect.name, a.answer]));
  const answersText = answers.map((a) => `${a.dialect.name}: ${a.answer}`).join(", ");
  const yes = answers.filter((a) => a.answer === "yes");
  if (yes.length > 1) {
    return failed(
      `The stream's dialect is ambiguous: ${yes.map((a) => a.dialect.name).join(" and ")} each claim it (${answersText}); saw ${seen.text}`,
      { ...seen.data, candidates: answersData },
    );
  }
  if (yes.length === 1) return { status: "found", dialect: yes[0]!.dialect };
  if (!input.final && answers.some((a) => a.answer === "undecided")) return { status: "undecided" };
  const read = Math.max(...framings.map((framing) => messagesOf(framing).length));
  return failed(
    `Could not recognise the stream's dialect after ${read} message(s) (${answersText}); saw ${seen.text}`,
    { ...seen.data, candidates: answersData },
  );
}

/**
 * The distinct framings of some dialects, by identity: two framings may share a name (Gemini's
 * reads SSE and more) and still read a stream differently.
 */
export function distinctFramings(dialects: readonly AnyDialect[]): Framing[] {
  return [...new Set(dialects.map((dialect) => dialect.framing))];
}

function failed(message: string, data: Record<string, string | null | Record<string, string>>) {
  return { status: "failed", error: unknownDialect(message, data) } as const;
}

/** The `unknown-dialect` error event, for callers that fail before any message (empty input). */
export function unknownDialect(
  message: string,
  data: Record<string, string | null | Record<string, string>>,
): ErrorEvent {
  return errorEvent("unknown-dialect", message, data);
}

/** What was seen, for the error: the content type, the framings and the first message. */
function describeSeen(
  input: DialectDetectionInput,
  framings: readonly Framing[],
  messagesOf: (framing: Framing) => readonly WireMessage[],
): { text: string; data: Record<string, string | null> } {
  const first = framings.map((framing) => messagesOf(framing)[0]).find((m) => m !== undefined);
  const start =
    first === undefined
      ? null
      : (first.event === undefined ? "" : `event: ${first.event} `) + excerpt(first.data);
  const contentType = input.contentType ?? null;
  const names = [...new Set(framings.map((framing) => framing.name))].join("+");
  return {
    text: `content type ${contentType ?? "(none)"}, ${start === null ? "no message" : `first message ${JSON.stringify(start)}`}`,
    data: { contentType, framing: names, firstMessage: start },
  };
}

/** The start of a text, at most {@link EXCERPT} characters, marked when cut. */
export function excerpt(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}
