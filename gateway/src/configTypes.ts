import type { z } from 'zod';
import type { configSchema } from './resolveConfig';

// The configuration's types, inferred from its one schema (resolveConfig.ts), where each field is described.
export type GatewayConfig = z.infer<typeof configSchema>;
export type GatewayMode = GatewayConfig['mode'];
export type LimitsConfig = GatewayConfig['limits'];
export type AuthConfig = GatewayConfig['auth'];
export type ApiKeyClient = AuthConfig['apiKeys'][string];
export type JwtConfig = NonNullable<AuthConfig['jwt']>;
export type RateLimitConfig = GatewayConfig['rateLimit'];
export type SafelistConfig = GatewayConfig['safelist'];
export type ResponseCacheConfig = GatewayConfig['responseCache'];

/** Top-level keys optional, and the nested groups partial too: tests override one limit at a time. */
type NestedGroup = 'limits' | 'auth' | 'rateLimit' | 'safelist' | 'responseCache' | 'positionCache' | 'cdn';
export type GatewayConfigOverrides = Partial<Omit<GatewayConfig, NestedGroup>> & {
  [K in NestedGroup]?: Partial<GatewayConfig[K]>;
};

/** The overrides' shape with values still to be checked (from the environment): resolveUncheckedConfig takes them. */
export type UncheckedOverrides = { [K in keyof GatewayConfig]?: K extends NestedGroup ? { [L in keyof GatewayConfig[K]]?: unknown } : unknown };
