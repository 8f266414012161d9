/** The suite in a page: the driver calls `globalThis.runPortableSuite()` through Playwright. */
import { runPortableSuite } from "./portable-suite.js";

Object.assign(globalThis, { runPortableSuite });
