import { type AnyDialect, SseDialectsError } from "@sse-dialects/core";
import { dialectNames, findDialect } from "@sse-dialects/registry";
import type { GatewayRoute, GatewayRouting, GatewayUpstream } from "./gateway-config.js";

/** A gateway configuration file, checked: the routing, and who may call the gateway. */
export interface GatewayFileConfig extends GatewayRouting {
  /** The variable holding the key clients must present (each front's own auth header). */
  clientKeyEnv?: string;
}

/** One thing wrong with a configuration: where (`upstreams[1].baseUrl`) and what. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/**
 * A configuration that cannot work. `issues` lists every bad field, so one run shows them all;
 * the message repeats them, one a line. Values are never quoted where they might be secrets
 * (URLs with credentials).
 */
export class GatewayConfigError extends SseDialectsError {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(
      "misuse",
      `Invalid gateway configuration:\n${issues.map((issue) => `  ${issue.path}: ${issue.message}`).join("\n")}`,
    );
    this.issues = issues;
  }
}

/** Environment variable names as POSIX shells allow them. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const UPSTREAM_KEYS = new Set(["name", "dialect", "baseUrl", "endpoint", "apiKeyEnv"]);
const ROUTE_KEYS = new Set(["model", "prefix", "upstream", "upstreamModel"]);
const ROOT_KEYS = new Set(["upstreams", "routes", "clientKeyEnv", "$schema"]);
/** Bounds on what a configuration may list: a file is read whole, into memory. */
const MAX_UPSTREAMS = 256;
const MAX_ROUTES = 4096;

/**
 * Checks a parsed JSON configuration (`sse-dialects proxy --config FILE`) and resolves dialect
 * names through the registry. Unknown fields are errors (a typo such as `baseURL` must not be
 * silently ignored). Throws {@link GatewayConfigError} naming every bad field.
 *
 * @example
 * ```ts
 * parseGatewayConfig({
 *   upstreams: [{ name: "claude", dialect: "anthropic", baseUrl: "https://api.anthropic.com/v1", apiKeyEnv: "ANTHROPIC_API_KEY" }],
 *   routes: [{ prefix: "claude-", upstream: "claude" }],
 * });
 * ```
 */
export function parseGatewayConfig(value: unknown): GatewayFileConfig {
  const issues: ConfigIssue[] = [];
  const issue: Issue = Object.assign(
    (path: string, message: string) => {
      issues.push({ path, message });
    },
    { count: () => issues.length },
  );
  if (!isRecord(value))
    throw new GatewayConfigError([{ path: "(root)", message: "must be a JSON object" }]);
  for (const key of Object.keys(value)) {
    if (!ROOT_KEYS.has(key)) issue(key, `unknown field (known: upstreams, routes, clientKeyEnv)`);
  }
  const upstreams: GatewayUpstream[] = [];
  if (!Array.isArray(value.upstreams) || value.upstreams.length === 0) {
    issue("upstreams", "must be a non-empty array of upstreams");
  } else if (value.upstreams.length > MAX_UPSTREAMS) {
    issue("upstreams", `lists more than ${MAX_UPSTREAMS} upstreams`);
  } else {
    value.upstreams.forEach((entry: unknown, index: number) => {
      const upstream = parseUpstream(entry, `upstreams[${index}]`, issue);
      if (upstream === undefined) return;
      if (upstreams.some((other) => other.name === upstream.name)) {
        issue(
          `upstreams[${index}].name`,
          `"${upstream.name}" is already the name of another upstream`,
        );
      }
      upstreams.push(upstream);
    });
  }
  const routes: GatewayRoute[] = [];
  if (value.routes !== undefined) {
    if (!Array.isArray(value.routes)) issue("routes", "must be an array of routes");
    else if (value.routes.length > MAX_ROUTES)
      issue("routes", `lists more than ${MAX_ROUTES} routes`);
    else {
      value.routes.forEach((entry: unknown, index: number) => {
        const route = parseRoute(entry, `routes[${index}]`, issue, upstreams);
        if (route !== undefined) routes.push(route);
      });
    }
  }
  if (routes.length === 0 && upstreams.length > 1 && value.routes === undefined) {
    issue(
      "routes",
      'are needed to choose among several upstreams (a route with prefix "" catches every model)',
    );
  }
  const config: GatewayFileConfig = { upstreams, routes };
  if (value.clientKeyEnv !== undefined) {
    if (typeof value.clientKeyEnv !== "string" || !ENV_NAME.test(value.clientKeyEnv)) {
      issue("clientKeyEnv", "must be an environment variable name (letters, digits, _)");
    } else config.clientKeyEnv = value.clientKeyEnv;
  }
  if (issues.length > 0) throw new GatewayConfigError(issues);
  return config;
}

/** Records one issue; `count` says how many so far (a field group compares before and after). */
interface Issue {
  (path: string, message: string): void;
  count(): number;
}

function parseUpstream(entry: unknown, at: string, issue: Issue): GatewayUpstream | undefined {
  if (!isRecord(entry)) {
    issue(at, "must be an object with name, dialect and baseUrl");
    return undefined;
  }
  for (const key of Object.keys(entry)) {
    if (!UPSTREAM_KEYS.has(key))
      issue(`${at}.${key}`, `unknown field (known: ${[...UPSTREAM_KEYS].join(", ")})`);
  }
  const before = issue.count();
  const name = entry.name;
  if (typeof name !== "string" || name === "") issue(`${at}.name`, "must be a non-empty string");
  let dialect: AnyDialect | "auto" | undefined;
  if (typeof entry.dialect !== "string") {
    issue(`${at}.dialect`, `must be one of ${[...dialectNames(), "auto"].join(", ")}`);
  } else if (entry.dialect === "auto") dialect = "auto";
  else {
    dialect = findDialect(entry.dialect);
    if (dialect === undefined) {
      issue(
        `${at}.dialect`,
        `unknown dialect "${entry.dialect}" (known: ${[...dialectNames(), "auto"].join(", ")})`,
      );
    }
  }
  const hasBase = entry.baseUrl !== undefined;
  const hasEndpoint = entry.endpoint !== undefined;
  if (hasBase === hasEndpoint) issue(at, "needs exactly one of baseUrl and endpoint");
  if (hasBase) checkUrl(entry.baseUrl, `${at}.baseUrl`, issue);
  if (hasEndpoint) checkUrl(entry.endpoint, `${at}.endpoint`, issue);
  if (
    entry.apiKeyEnv !== undefined &&
    (typeof entry.apiKeyEnv !== "string" || !ENV_NAME.test(entry.apiKeyEnv))
  ) {
    issue(
      `${at}.apiKeyEnv`,
      "must be an environment variable name (letters, digits, _), not the key itself",
    );
  }
  if (issue.count() !== before || typeof name !== "string" || dialect === undefined)
    return undefined;
  const upstream: GatewayUpstream = { name, dialect };
  if (hasBase) upstream.baseUrl = String(entry.baseUrl).replace(/\/+$/, "");
  if (hasEndpoint) upstream.endpoint = String(entry.endpoint);
  if (typeof entry.apiKeyEnv === "string") upstream.apiKeyEnv = entry.apiKeyEnv;
  return upstream;
}

function parseRoute(
  entry: unknown,
  at: string,
  issue: Issue,
  upstreams: readonly GatewayUpstream[],
): GatewayRoute | undefined {
  if (!isRecord(entry)) {
    issue(at, "must be an object with model or prefix, and upstream");
    return undefined;
  }
  for (const key of Object.keys(entry)) {
    if (!ROUTE_KEYS.has(key))
      issue(`${at}.${key}`, `unknown field (known: ${[...ROUTE_KEYS].join(", ")})`);
  }
  const before = issue.count();
  const hasModel = entry.model !== undefined;
  const hasPrefix = entry.prefix !== undefined;
  if (hasModel === hasPrefix) issue(at, "needs exactly one of model (an exact name) and prefix");
  if (hasModel && (typeof entry.model !== "string" || entry.model === "")) {
    issue(`${at}.model`, "must be a non-empty string");
  }
  if (hasPrefix && typeof entry.prefix !== "string")
    issue(`${at}.prefix`, 'must be a string ("" matches every model)');
  if (typeof entry.upstream !== "string") issue(`${at}.upstream`, "must name an upstream");
  else if (!upstreams.some((upstream) => upstream.name === entry.upstream)) {
    issue(
      `${at}.upstream`,
      `no upstream is named "${entry.upstream}" (known: ${upstreams.map((u) => u.name).join(", ")})`,
    );
  }
  if (
    entry.upstreamModel !== undefined &&
    (typeof entry.upstreamModel !== "string" || entry.upstreamModel === "")
  ) {
    issue(`${at}.upstreamModel`, "must be a non-empty string");
  }
  if (issue.count() !== before) return undefined;
  const base = { upstream: entry.upstream as string };
  const route: GatewayRoute = hasModel
    ? { model: entry.model as string, ...base }
    : { prefix: entry.prefix as string, ...base };
  if (typeof entry.upstreamModel === "string") route.upstreamModel = entry.upstreamModel;
  return route;
}

/** An http: or https: URL without user-info (whose refusal by fetch would quote the password). */
function checkUrl(value: unknown, at: string, issue: Issue): void {
  if (typeof value !== "string") {
    issue(at, "must be a URL string");
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issue(at, "is not a URL");
    return;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    issue(at, `must be http: or https:, not ${url.protocol}`);
  if (url.username !== "" || url.password !== "")
    issue(at, "must not carry credentials (user:password@): use apiKeyEnv");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
