// The bundler inlines the manifest, so the built CLI reports the version it was published with.
import manifest from "../package.json" with { type: "json" };

/** The version of `@sse-dialects/cli`, as `sse-dialects --version` prints it. */
export const CLI_VERSION: string = manifest.version;
