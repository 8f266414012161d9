import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StreamEvent } from "@sse-dialects/core";

/** The repository's `fixtures/` folder. */
export const FIXTURES_DIR = fileURLToPath(new URL("../../../fixtures/", import.meta.url));

/** Wire files a fixture may be: raw SSE bytes, NDJSON lines, or one streamed JSON array (Gemini). */
const WIRE_EXTENSIONS = [".sse", ".ndjson", ".json"] as const;

/**
 * A recorded or hand-written wire stream (`fixtures/<dialect>/<name>.sse`, `.ndjson` or `.json`) beside
 * the events it must decode to (`<name>.events.jsonl`, one event per line, as `sse-dialects
 * events` prints them).
 */
export interface Fixture {
  dialect: string;
  name: string;
  wirePath: string;
  eventsPath: string;
  /** The raw bytes, exactly as on the wire (CRLF, comments, `event:` lines kept). */
  bytes: Uint8Array;
  /** The expected events; undefined when the `.events.jsonl` file is missing. */
  events: StreamEvent[] | undefined;
}

/** Every fixture of one dialect, sorted by name; throws when there are none (a typo finds nothing). */
export function loadFixtures(dialect: string): Fixture[] {
  const dir = join(FIXTURES_DIR, dialect);
  if (!existsSync(dir)) throw new Error(`No fixture folder ${dir}`);
  const fixtures = readdirSync(dir)
    .filter((file) => WIRE_EXTENSIONS.some((ext) => file.endsWith(ext)))
    .sort()
    .map((file) => {
      const name = file.replace(/\.(sse|ndjson|json)$/, "");
      const wirePath = join(dir, file);
      const eventsPath = join(dir, `${name}.events.jsonl`);
      return {
        dialect,
        name,
        wirePath,
        eventsPath,
        bytes: new Uint8Array(readFileSync(wirePath)),
        events: existsSync(eventsPath)
          ? parseEventLines(readFileSync(eventsPath, "utf8"))
          : undefined,
      };
    });
  if (fixtures.length === 0) throw new Error(`No fixtures in ${dir}`);
  return fixtures;
}

/** One fixture by dialect and name; throws when it does not exist. */
export function loadFixture(dialect: string, name: string): Fixture {
  const fixture = loadFixtures(dialect).find((f) => f.name === name);
  if (fixture === undefined) throw new Error(`No fixture ${dialect}/${name}`);
  return fixture;
}

/** Parses a `.events.jsonl` file. */
export function parseEventLines(text: string): StreamEvent[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as StreamEvent);
}

/** Formats events as `.events.jsonl` text. */
export function formatEventLines(events: readonly StreamEvent[]): string {
  return events.map((event) => JSON.stringify(event)).join("\n") + "\n";
}

/** Writes a fixture's expected events (used by `pnpm fixtures:update`, after review). */
export function writeFixtureEvents(fixture: Fixture, events: readonly StreamEvent[]): void {
  writeFileSync(fixture.eventsPath, formatEventLines(events));
}
