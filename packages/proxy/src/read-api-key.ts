/** Environment variables: `process.env`, a Worker's `env` bindings, Deno's `Deno.env.toObject()`. */
export type ProxyEnv = Readonly<Record<string, unknown>>;

/**
 * The value of the key variable `name` for one request, looked up where the runtime keeps it:
 * first the `env` the runtime passed with the request (Cloudflare Workers hand their bindings to
 * `fetch(request, env)` only, never to module scope), then the configured `env`, then
 * `process.env` where there is one. Reading per request is what lets a handler be made at module
 * level on Workers, where no variable exists until a request arrives. Undefined when unset or
 * empty, or when the binding is not a string (a KV namespace under that name, say).
 *
 * @example
 * ```ts
 * export default { fetch: (request: Request, env: ProxyEnv) => handler(request, env) };
 * readApiKey("OPENAI_API_KEY", env, undefined); // env.OPENAI_API_KEY, else process.env's
 * ```
 */
export function readApiKey(
  name: string,
  requestEnv: ProxyEnv | undefined,
  configEnv: ProxyEnv | undefined,
): string | undefined {
  for (const env of [requestEnv, configEnv, processEnv()]) {
    const value = env === undefined ? undefined : Object.hasOwn(env, name) ? env[name] : undefined;
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

function processEnv(): ProxyEnv | undefined {
  return (globalThis as { process?: { env?: ProxyEnv } }).process?.env;
}
