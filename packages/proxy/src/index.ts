export type { CollectedCompletion, CollectOptions } from "./collect-chat-completion.js";
export { collectChatCompletion } from "./collect-chat-completion.js";
export type { CollectedMessage } from "./collect-message.js";
export { collectMessage } from "./collect-message.js";
export type { NormalizingFetchOptions } from "./create-normalizing-fetch.js";
export { createNormalizingFetch } from "./create-normalizing-fetch.js";
export type { FetchHandler, ProxyConfig, ProxyLogEntry } from "./create-proxy-handler.js";
export { createProxyHandler } from "./create-proxy-handler.js";
export type { ProxyServerOptions } from "./create-proxy-server.js";
export { createProxyServer } from "./create-proxy-server.js";
export type { ForwardOptions } from "./filter-headers.js";
export { CREDENTIAL_HEADERS, FORWARDED_HEADERS, forwardableHeaders } from "./filter-headers.js";
export { createGatewayHandler } from "./gateway/create-gateway-handler.js";
export { servesPath } from "./gateway/fronts/fronts.js";
export type { GatewayRoute, GatewayRouting, GatewayUpstream } from "./gateway/gateway-config.js";
export type { GatewayConfig, GatewayLogEntry } from "./gateway/gateway-options.js";
export type { ConfigIssue, GatewayFileConfig } from "./gateway/parse-gateway-config.js";
export { GatewayConfigError, parseGatewayConfig } from "./gateway/parse-gateway-config.js";
export type { RoutedModel } from "./gateway/route-model.js";
export { listedModels, routeModel } from "./gateway/route-model.js";
export type { HonoContextLike, HonoMiddlewareLike } from "./hono-middleware.js";
export { gatewayProxy, openAIProxy } from "./hono-middleware.js";
export { requestMapperFor } from "./map-request.js";
export type {
  OpenAIErrorBody,
  UpstreamError,
  UpstreamErrorOptions,
} from "./openai-error-response.js";
export {
  openAIErrorResponse,
  readUpstreamError,
  toOpenAIErrorResponse,
} from "./openai-error-response.js";
export type { EventPump, StreamSummary, UpstreamReadOptions } from "./pump-events.js";
export { createEventPump } from "./pump-events.js";
export type { ProxyEnv } from "./read-api-key.js";
export { readApiKey } from "./read-api-key.js";
export { REDACTED, redactSecrets, verbatimRedactor } from "./redact-secrets.js";
export type { ToDialectStreamOptions } from "./to-dialect-stream.js";
export { toDialectStream } from "./to-dialect-stream.js";
export type { NodeListenerOptions } from "./to-node-listener.js";
export { toNodeListener } from "./to-node-listener.js";
export type { ToOpenAIOptions } from "./to-openai-response.js";
export { SSE_HEADERS, toOpenAIResponse, toOpenAIStream } from "./to-openai-response.js";
