import {
  type AnyDialect,
  accumulate,
  type DecodeOptions,
  type Drop,
  decodeAll,
  encodeAll,
  parseJson,
  parseStreamEvent,
  type StreamEvent,
  type StreamEventType,
} from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { survivalProperties } from "./hostile-input.js";
import { loadFixtures } from "./load-fixtures.js";
import {
  checkEventsRoundTrip,
  checkSplitInvariance,
  checkWireRoundTrip,
  type Meaning,
  meaningOf,
} from "./properties.js";
import { checkSteadyDeltas } from "./steady-deltas.js";

/** What a dialect brings to the conformance suite. */
export interface ConformanceProfile {
  dialect: AnyDialect;
  /**
   * Canonical event sequences the dialect can express, built from the model's vocabulary (never
   * by calling the dialect's own mappers): `decode(encode(events))` must give them back.
   */
  arbitrary: fc.Arbitrary<StreamEvent[]>;
  /** The part of a meaning the dialect can express, for conversions into it. Default: all of it. */
  project?: (meaning: Meaning) => Meaning;
  /**
   * A strict check of text the encoder wrote, written from the provider's reference; throws.
   * Applied to every conversion from another dialect. Not to a fixture re-encoded into its own
   * dialect: that must give back what the provider sent, fields outside the reference included.
   */
  checkWire?: (wire: string) => void;
  /** Event types an encoder leaves out on purpose, ignored by the wire round trip. */
  wireRoundTripIgnores?: readonly StreamEventType[];
  /**
   * The encoder writes each tool call whole, though the wire can also stream one (Gemini's
   * `partialArgs`): the wire round trip compares a call's argument deltas joined.
   */
  wholeToolCalls?: boolean;
  decode?: DecodeOptions;
  /** fast-check runs for the events round trip (default 200). */
  numRuns?: number;
}

const asJson = <T>(value: T): T => parseJson(JSON.stringify(value)) as unknown as T;

/** Events whose data is a dialect's own, by that dialect: what must never reach another wire. */
function foreign(event: StreamEvent, target: string): boolean {
  if (event.type === "unknown" || event.type === "extra") return event.dialect !== target;
  if (event.type === "usage") return event.extra !== undefined && event.dialect !== target;
  return false;
}

/**
 * The conformance suite every dialect runs (the project's invariants): each fixture decodes to its
 * expected events, which validate against the model's schema; any split of its bytes decodes
 * the same; re-encoding it to its own dialect gives the same events; generated event sequences
 * survive `decode(encode(events))`; and every fixture of every other registered dialect,
 * converted into this one, passes this dialect's strict wire check, keeps the meaning this
 * dialect can express, carries no other dialect's payload, and reports every foreign event it
 * could not write. Running it for each dialect covers every ordered pair of the registry. And it
 * fuzzes the decoder: arbitrary bytes, and its fixtures with hostile values in every field, never
 * make decoding, accumulating or encoding into any dialect throw, and give valid events.
 *
 * @example
 * ```ts
 * describeConformance({ dialect: elumenta, arbitrary: arbitraryElumentaEvents, project: projectToElumenta });
 * ```
 */
export function describeConformance(
  profile: ConformanceProfile,
  registry: readonly AnyDialect[] = dialects,
): void {
  const { dialect } = profile;
  const project = profile.project ?? ((meaning: Meaning) => meaning);
  const decodeOptions = profile.decode ?? {};

  describe(`${dialect.name} conformance`, () => {
    const fixtures = loadFixtures(dialect.name);

    describe("fixtures", () => {
      for (const fixture of fixtures) {
        it(`${fixture.name}: decodes to its events, which the schema accepts`, () => {
          if (fixture.events === undefined) throw new Error(`${fixture.eventsPath} is missing`);
          const events = decodeAll(fixture.bytes, dialect, profile.decode);
          expect(asJson(events)).toEqual(fixture.events);
          for (const event of events) parseStreamEvent(event);
          expect(events.filter((e) => e.type === "end")).toHaveLength(1);
          expect(events[events.length - 1]?.type).toBe("end");
        });
        it(`${fixture.name}: any split decodes the same`, () => {
          checkSplitInvariance(dialect, fixture.bytes, { numRuns: 25, decode: decodeOptions });
        });
        it(`${fixture.name}: re-encoded to ${dialect.name}, decodes to the same events`, () => {
          const options = {
            ...(profile.wireRoundTripIgnores ? { ignore: profile.wireRoundTripIgnores } : {}),
            ...(profile.wholeToolCalls ? { joinToolCallDeltas: true } : {}),
          };
          checkWireRoundTrip(dialect, fixture.bytes, { ...options, decode: decodeOptions });
        });
      }
    });

    if (dialect.steadyDeltas !== undefined) {
      it("decodes the same with and without the steady-deltas path, whatever repeats its messages", () => {
        checkSteadyDeltas(
          dialect,
          fixtures.map((f) => f.bytes),
          { decode: decodeOptions },
        );
      });
    }

    it("generated event sequences survive decode(encode(events))", () => {
      checkEventsRoundTrip(dialect, profile.arbitrary, {
        numRuns: profile.numRuns ?? 200,
        decode: decodeOptions,
      });
    });

    // Fixed, small run counts here; `pnpm fuzz` runs the same properties for as long as asked.
    const runs: Record<string, number> = {
      "arbitrary bytes": 60,
      "hostile values in every field of its fixtures": 150,
      "byte-level damage to its fixtures": 60,
    };
    for (const { name, property } of survivalProperties(
      dialect,
      fixtures.map((f) => f.bytes),
      registry,
    )) {
      it(`survives ${name}: no throw, valid events, one end`, () => {
        fc.assert(property, { numRuns: runs[name] ?? 60 });
      });
    }

    for (const source of registry) {
      if (source.name === dialect.name) continue;
      describe(`from ${source.name}`, () => {
        for (const fixture of loadFixtures(source.name)) {
          it(`${source.name}/${fixture.name} → ${dialect.name}`, () => {
            const events = decodeAll(fixture.bytes, source);
            const drops: Drop[] = [];
            const wire = encodeAll(events, dialect, { onDrop: (drop) => drops.push(drop) });
            profile.checkWire?.(wire);
            const converted = decodeAll(wire, dialect, profile.decode);
            for (const event of converted) parseStreamEvent(event);
            // No other dialect's payload: the converted stream holds no unknown event (the
            // source's were not the target's to write), and each was reported instead.
            expect(converted.filter((e) => e.type === "unknown")).toEqual([]);
            for (const event of events.filter((e) => foreign(e, dialect.name))) {
              expect(drops.map((d) => d.event)).toContain(event);
            }
            expect(project(meaningOf(accumulate(converted)))).toEqual(
              project(meaningOf(accumulate(events))),
            );
          });
        }
      });
    }
  });
}
