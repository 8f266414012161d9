/**
 * `pnpm fixtures:check`: every fixture of every shipped dialect (the registry's) decodes to its
 * `.events.jsonl`. `pnpm fixtures:update` writes the files instead, for a new or changed fixture:
 * then read the diff, since an events file must say what the wire means, not what the code does.
 */

import { decodeAll } from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import { formatEventLines, loadFixtures, writeFixtureEvents } from "@sse-dialects/testkit";

const update = process.argv.includes("--update");
let checked = 0;
const wrong: string[] = [];
for (const dialect of dialects) {
  for (const fixture of loadFixtures(dialect.name)) {
    checked++;
    const events = JSON.parse(JSON.stringify(decodeAll(fixture.bytes, dialect)));
    const same =
      fixture.events !== undefined && formatEventLines(events) === formatEventLines(fixture.events);
    if (same) continue;
    if (update) {
      writeFixtureEvents(fixture, events);
      console.log(`wrote ${fixture.eventsPath}`);
    } else {
      wrong.push(`${dialect.name}/${fixture.name}`);
    }
  }
}
if (wrong.length > 0) {
  console.error(
    `${wrong.length} of ${checked} fixtures decode differently from their .events.jsonl:`,
  );
  for (const name of wrong) console.error(`  ${name}`);
  console.error("Run `pnpm fixtures:update` and review the diff if the change is intended.");
  process.exit(1);
}
console.log(`${checked} fixtures decode to their events.`);
