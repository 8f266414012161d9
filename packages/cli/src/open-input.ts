import { open, stat } from "node:fs/promises";
import type { ByteSource } from "@sse-dialects/core";
import type { CliIo } from "./cli-io.js";

/** Bytes read from a FILE at a time. */
const READ_SIZE = 256 * 1024;

/** The input, or why it cannot be read (a usage error: exit status 2). */
export type OpenedInput = { ok: true; source: ByteSource } | { ok: false; message: string };

/**
 * Opens FILE, or standard input for `-` (read from `io` only then: a command given a FILE never
 * touches standard input). A missing or unreadable file is reported before any output, so it is
 * a usage error rather than a stream that failed half-way.
 *
 * @example
 * ```ts
 * const input = await openInput("fixtures/elumenta/plain.sse", { stdin: process.stdin });
 * ```
 */
export async function openInput(path: string, io: Pick<CliIo, "stdin">): Promise<OpenedInput> {
  if (path === "-") return { ok: true, source: io.stdin };
  try {
    if ((await stat(path)).isDirectory()) {
      return { ok: false, message: `Cannot read ${path}: it is a directory` };
    }
    const handle = await open(path, "r");
    // The read stream closes the handle when it ends or is destroyed. Read in pieces of 256 KiB
    // (the default is 64 KiB): each piece read costs the command a flush, a write and a turn of
    // the event loop, and a `convert` of a 22 MB Responses stream spent a tenth of its time on
    // them (Node 24, scripts/whole-process/measure.ts: 489 → 444 ms; the floor reader gains
    // nothing from it).
    return { ok: true, source: handle.createReadStream({ highWaterMark: READ_SIZE }) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : (error as Error).message;
    return { ok: false, message: `Cannot read ${path}: ${reason}` };
  }
}
