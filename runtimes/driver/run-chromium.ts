import { readFileSync } from "node:fs";
import type { CaseResult } from "../src/portable-suite.js";
import { OUT_DIR } from "./bundle-suite.js";
import type { RuntimeRun } from "./runtime-result.js";
import { CHROMIUM_PATH, TOOLS_DIR } from "./tools.js";

/** Debian's Chromium, headless, without anything that reaches the network on its own. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

interface Playwright {
  chromium: {
    launch(options: { executablePath: string; args: string[] }): Promise<{
      version(): string;
      newPage(): Promise<{
        route(
          url: string,
          handler: (route: {
            fulfill(response: { contentType: string; body: string }): Promise<void>;
          }) => Promise<void>,
        ): Promise<void>;
        goto(url: string): Promise<unknown>;
        addScriptTag(options: { content: string }): Promise<unknown>;
        evaluate<T>(fn: () => Promise<T>): Promise<T>;
      }>;
      close(): Promise<void>;
    }>;
  };
}

const ORIGIN = "http://127.0.0.1/";
const PAGE = "<!doctype html><title>sse-dialects portable suite</title>";

/** Runs the suite in a page of headless Chromium, driven by playwright-core. */
export async function runChromium(): Promise<RuntimeRun> {
  const { chromium } = (await import(`${TOOLS_DIR}playwright-core/index.mjs`)) as Playwright;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
  const version = `Chromium ${browser.version()}`;
  try {
    const page = await browser.newPage();
    // A page of its own at http://127.0.0.1 (answered by Playwright, no server): a secure
    // context, as an app's page over https is, where `crypto.randomUUID` exists.
    await page.route(ORIGIN, (route) => route.fulfill({ contentType: "text/html", body: PAGE }));
    await page.goto(ORIGIN);
    await page.addScriptTag({ content: readFileSync(`${OUT_DIR}suite-browser.js`, "utf8") });
    const results = await page.evaluate(() =>
      (globalThis as unknown as { runPortableSuite(): Promise<CaseResult[]> }).runPortableSuite(),
    );
    return { runtime: "chromium", version, results };
  } catch (error) {
    return { runtime: "chromium", version, results: [], failure: String(error) };
  } finally {
    await browser.close();
  }
}
