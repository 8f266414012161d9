/** The suite as a script (Node, Bun, Deno): prints one `RESULTS <json>` line for the driver. */
import { runPortableSuite } from "./portable-suite.js";

const results = await runPortableSuite();
console.log(`RESULTS ${JSON.stringify(results)}`);
