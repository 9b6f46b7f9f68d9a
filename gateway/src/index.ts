export { createGatewayServer, type CreateGatewayServerOptions, type GatewayServer } from './server';
export { loadConfig, resolveConfig, defaultConfig, DEFAULT_LIMITS, DEV_SIGNING_SECRET, queryHash } from './config';
export type * from './configTypes';
export type { GatewayContext } from './GatewayContext';
export { GATEWAY_NODE_ARGS } from './nodeArgs';
export { createApiKeyAuthenticator } from './auth/apiKeyAuthenticator';
export { anonymousIdentity } from './auth/authenticate';
