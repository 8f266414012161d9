import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The runtimes/ folder. */
export const RUNTIMES_DIR = fileURLToPath(new URL("..", import.meta.url));
/** Where `pnpm runtimes:install` puts Bun, Deno, workerd and playwright-core (npm packages). */
export const TOOLS_DIR = fileURLToPath(
  new URL("../../.tools/runtimes/node_modules/", import.meta.url),
);
/** Debian's `chromium` package (`apt-get install -y chromium`); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The path of an installed runtime's executable; throws with the install command if missing. */
export function toolBin(name: "bun" | "deno" | "workerd"): string {
  const path = `${TOOLS_DIR}.bin/${name}`;
  if (!existsSync(path)) throw new Error(`${name} is not installed: run \`pnpm runtimes:install\``);
  return path;
}
