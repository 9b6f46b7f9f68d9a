import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CHANNELS, ConfigError } from '@stockgraph/shared';
import type { GatewayConfig, GatewayConfigOverrides, GatewayMode, LimitsConfig } from './configTypes';

/** Used only in development mode when no secret is configured; production refuses it. */
export const DEV_SIGNING_SECRET = 'stockgraph-development-signing-secret-not-for-production';

/** Asymmetric algorithms only: an HS* token "signed" with our public key must never verify. */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export const DEFAULT_LIMITS: LimitsConfig = {
  maxBodyBytes: 100_000,
  maxTokens: 2000,
  maxDepth: 6,
  maxIntrospectionDepth: 1,
  maxAliases: 100,
  maxRootFields: 20,
  maxMutationRootFields: 10,
  maxDirectivesPerField: 10,
  maxDuplicateFields: 3,
  maxCost: 10_000,
  defaultListSize: 10,
  maxListItems: 100,
  maxPageSize: 100,
};

export function defaultConfig(mode: GatewayMode): GatewayConfig {
  const dev = mode === 'development';
  return {
    mode,
    host: '127.0.0.1',
    port: 4000,
    supergraphPath: '',
    subgraphUrls: {},
    introspection: dev,
    exposeLimits: dev,
    limits: { ...DEFAULT_LIMITS },
    legacyJsonStatus200: false,
    subgraphTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    auth: {
      allowAnonymous: true,
      anonymousChannel: 'DTC',
      anonymousScopes: ['storefront:read'],
      apiKeys: {},
      assortments: {},
      jwt: null,
      signingSecret: dev ? DEV_SIGNING_SECRET : '',
    },
    rateLimit: { enabled: true, ratePerSecond: 50, burst: 100, maxClients: 10_000 },
    safelist: { mode: 'off', operations: {} },
    metricsEnabled: true,
    responseCache: { enabled: true, redisUrl: '', keyPrefix: 'sg:', maxBytes: 16 * 1024 * 1024, ttlMs: 60_000, pollMs: 500, quietMs: 1500, readThroughMs: 5000 },
    logLevel: null,
  };
}

const int = (min: number) => z.number().int().min(min);
const scopes = z.array(z.string().min(1).max(100));
const configSchema = z
  .object({
    mode: z.enum(['production', 'development']),
    host: z.string().min(1),
    port: int(0).max(65535),
    supergraphPath: z.string(),
    subgraphUrls: z.record(z.string().url()),
    introspection: z.boolean(),
    exposeLimits: z.boolean(),
    limits: z.object(Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, int(1)])) as Record<keyof LimitsConfig, z.ZodNumber>),
    legacyJsonStatus200: z.boolean(),
    subgraphTimeoutMs: int(1),
    requestTimeoutMs: int(1),
    auth: z.object({
      allowAnonymous: z.boolean(),
      anonymousChannel: z.enum(CHANNELS),
      anonymousScopes: scopes,
      apiKeys: z.record(
        z.string().min(16, 'API keys must be at least 16 characters (or sha256:<hex>)'),
        z.object({
          clientId: z.string().min(1),
          channel: z.enum(CHANNELS).nullable(),
          partnerId: z.string().min(1).nullable().optional(),
          assortment: z.union([z.array(z.string().min(1)), z.string().min(1)]).nullable().optional(),
          scopes,
        }),
      ),
      assortments: z.record(z.array(z.string().min(1))),
      jwt: z
        .object({
          issuer: z.string().min(1),
          audience: z.string().min(1),
          algorithms: z.array(z.enum(ASYMMETRIC_ALGORITHMS)).min(1),
          jwksUrl: z.string().url().optional(),
          jwks: z.object({ keys: z.array(z.record(z.unknown())).min(1) }).optional(),
          clockToleranceSeconds: int(0),
        })
        .refine((j) => !!j.jwksUrl !== !!j.jwks, 'give exactly one of JWT_JWKS_URL or JWT_JWKS')
        .nullable(),
      signingSecret: z.string().min(32, 'GATEWAY_SIGNING_SECRET must be at least 32 characters'),
    }),
    rateLimit: z.object({ enabled: z.boolean(), ratePerSecond: z.number().positive(), burst: int(1), maxClients: int(1) }),
    safelist: z.object({ mode: z.enum(['off', 'enforce']), operations: z.record(z.string()) }),
    metricsEnabled: z.boolean(),
    responseCache: z.object({
      enabled: z.boolean(), redisUrl: z.union([z.literal(''), z.string().url(), z.string().startsWith('redis-cluster://')]), keyPrefix: z.string(),
      maxBytes: int(1024), ttlMs: int(1), pollMs: int(10), quietMs: int(0), readThroughMs: int(0),
    }),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).nullable(),
  })
  .superRefine((c, ctx) => {
    if (c.mode === 'production' && c.auth.signingSecret === DEV_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['auth', 'signingSecret'], message: 'the development secret is refused in production' });
    }
    for (const [key, client] of Object.entries(c.auth.apiKeys)) {
      if (typeof client.assortment === 'string' && !c.auth.assortments[client.assortment]) {
        ctx.addIssue({ code: 'custom', path: ['auth', 'apiKeys', client.clientId], message: `unknown assortment "${client.assortment}"` });
      }
      if (key.startsWith('sha256:') && !/^sha256:[0-9a-f]{64}$/.test(key)) {
        ctx.addIssue({ code: 'custom', path: ['auth', 'apiKeys', client.clientId], message: 'sha256: keys need 64 lower-case hex digits' });
      }
    }
    if (c.safelist.mode === 'enforce' && Object.keys(c.safelist.operations).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['safelist'], message: 'SAFELIST_MODE=enforce needs PERSISTED_QUERIES_FILE with operations' });
    }
  });

/** Defaults for the mode, then the overrides (nested groups merged one level deep), then checked. */
export function resolveConfig(overrides: GatewayConfigOverrides = {}): GatewayConfig {
  const base = defaultConfig(overrides.mode ?? 'production');
  const merged = {
    ...base,
    ...stripUndefined(overrides),
    limits: { ...base.limits, ...stripUndefined(overrides.limits ?? {}) },
    auth: { ...base.auth, ...stripUndefined(overrides.auth ?? {}) },
    rateLimit: { ...base.rateLimit, ...stripUndefined(overrides.rateLimit ?? {}) },
    safelist: { ...base.safelist, ...stripUndefined(overrides.safelist ?? {}) },
    responseCache: { ...base.responseCache, ...stripUndefined(overrides.responseCache ?? {}) },
  };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid gateway configuration:\n${problems}`);
  }
  return result.data as GatewayConfig;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** sha256 hex of a query: the key a safelist and APQ both use. */
export function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}
