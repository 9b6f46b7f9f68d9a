import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, parseEnv } from '@stockgraph/shared';
import { redisTargetFromEnv } from '@stockgraph/shared/redis';
import { parseChannelPolicies } from '@stockgraph/shared/availability';
import { parseReconcilePolicy } from '@stockgraph/shared/reconcile';
import { queryHash, resolveUncheckedConfig } from './resolveConfig';
import type { GatewayConfig, LimitsConfig, UncheckedOverrides } from './configTypes';

export type * from './configTypes';
export { resolveConfig, resolveUncheckedConfig, configSchema, defaultConfig, DEFAULT_LIMITS, DEV_SIGNING_SECRET, queryHash } from './resolveConfig';

/** Variables that may instead name a file (`<NAME>_FILE`), so secrets can come from mounted files. */
const FILE_VARS = ['GATEWAY_SIGNING_SECRET', 'GATEWAY_API_KEYS', 'GATEWAY_ASSORTMENTS', 'JWT_JWKS', 'PERSISTED_QUERIES', 'GATEWAY_SUBGRAPH_JWT_KEY'];

const LIMIT_VARS: Record<keyof LimitsConfig, string> = {
  maxBodyBytes: 'MAX_BODY_BYTES',
  maxTokens: 'MAX_TOKENS',
  maxDepth: 'MAX_DEPTH',
  maxIntrospectionDepth: 'MAX_INTROSPECTION_DEPTH',
  maxAliases: 'MAX_ALIASES',
  maxRootFields: 'MAX_ROOT_FIELDS',
  maxMutationRootFields: 'MAX_MUTATION_ROOT_FIELDS',
  maxDirectivesPerField: 'MAX_DIRECTIVES_PER_FIELD',
  maxDuplicateFields: 'MAX_DUPLICATE_FIELDS',
  maxCost: 'MAX_COST',
  defaultListSize: 'DEFAULT_LIST_SIZE',
  maxListItems: 'MAX_LIST_ITEMS',
  maxPageSize: 'MAX_PAGE_SIZE',
};

const num = z.coerce.number().optional();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')
  .optional();
const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .optional();
const json = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
  })
  .optional();

const envSchema = z.object({
  GATEWAY_MODE: z.enum(['production', 'development']).optional(),
  NODE_ENV: z.string().optional(),
  PORT: num,
  HOST: z.string().optional(),
  SUPERGRAPH_PATH: z.string().optional(),
  INTROSPECTION: bool,
  EXPOSE_LIMITS: bool,
  LEGACY_JSON_STATUS_200: bool,
  CONSOLE_ENABLED: bool,
  SUBGRAPH_TIMEOUT_MS: num,
  REQUEST_TIMEOUT_MS: num,
  ALLOW_ANONYMOUS: bool,
  ANONYMOUS_SCOPES: list,
  GATEWAY_API_KEYS: json,
  GATEWAY_ASSORTMENTS: json,
  GATEWAY_SIGNING_SECRET: z.string().optional(),
  GATEWAY_SUBGRAPH_JWT_KEY: json,
  GATEWAY_SUBGRAPH_JWT_ISSUER: z.string().optional(),
  GATEWAY_SUBGRAPH_JWT_AUDIENCE: z.string().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWT_ALGORITHMS: list,
  JWT_JWKS_URL: z.string().optional(),
  JWT_JWKS: json,
  JWT_CLOCK_TOLERANCE_S: num,
  JWT_CLAIMS: json,
  RATE_LIMIT_ENABLED: bool,
  RATE_LIMIT_ANONYMOUS_RPS: num,
  RATE_LIMIT_ANONYMOUS_BURST: num,
  RATE_LIMIT_PARTNER_RPS: num,
  RATE_LIMIT_PARTNER_BURST: num,
  RATE_LIMIT_CLIENT_RPS: num,
  RATE_LIMIT_CLIENT_BURST: num,
  RATE_LIMIT_MAX_CLIENTS: num,
  TRUSTED_PROXIES: list,
  SAFELIST_MODE: z.enum(['off', 'enforce']).optional(),
  PERSISTED_QUERIES: json,
  METRICS_ENABLED: bool,
  RESPONSE_CACHE_ENABLED: bool,
  PASSTHROUGH_ENABLED: bool,
  REDIS_URL: z.string().optional(),
  REDIS_CLUSTER_NODES: z.string().optional(),
  KEY_PREFIX: z.string().optional(),
  RESPONSE_CACHE_MAX_MB: num,
  RESPONSE_CACHE_TTL_MS: num,
  POSITION_CACHE_ENABLED: bool,
  POSITION_CACHE_MAX_MB: num,
  CDN_MAX_AGE_S: num,
  CDN_PURGE_URL: z.string().optional(),
  CDN_PURGE_AUTHORIZATION: z.string().optional(),
  CDN_PURGE_BATCH_SIZE: num,
  CDN_PURGE_INTERVAL_MS: num,
  CHANNEL_POLICIES: z.string().optional(),
  RECONCILE_POLICY: z.string().optional(),
  LOG_LEVEL: z.string().optional(),
  ...Object.fromEntries(Object.values(LIMIT_VARS).map((name) => [name, num])),
});

/**
 * The gateway's only reader of the environment. Every problem is reported at once (ConfigError),
 * and main.ts exits on it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): GatewayConfig {
  const withFiles = readFileVars(env, readFile);
  const e = parseEnv(envSchema, withFiles) as z.infer<typeof envSchema> & Record<string, number | undefined>;
  const mode = e.GATEWAY_MODE ?? (e.NODE_ENV === 'development' ? 'development' : 'production');
  const limits = Object.fromEntries(Object.entries(LIMIT_VARS).map(([key, name]) => [key, e[name]]));
  const jwt = e.JWT_ISSUER || e.JWT_AUDIENCE || e.JWT_JWKS_URL || e.JWT_JWKS
    ? {
        issuer: e.JWT_ISSUER ?? '',
        audience: e.JWT_AUDIENCE ?? '',
        algorithms: e.JWT_ALGORITHMS ?? ['RS256', 'ES256'],
        jwksUrl: e.JWT_JWKS_URL,
        jwks: e.JWT_JWKS,
        clockToleranceSeconds: e.JWT_CLOCK_TOLERANCE_S ?? 5,
        claims: e.JWT_CLAIMS,
      }
    : null;
  // values from JSON are not typed yet: the configuration's schema checks them
  const overrides: UncheckedOverrides = {
    mode,
    port: e.PORT,
    host: e.HOST,
    supergraphPath: e.SUPERGRAPH_PATH,
    subgraphUrls: subgraphUrlsFromEnv(env),
    introspection: e.INTROSPECTION,
    exposeLimits: e.EXPOSE_LIMITS,
    legacyJsonStatus200: e.LEGACY_JSON_STATUS_200,
    consoleEnabled: e.CONSOLE_ENABLED,
    limits,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    auth: {
      allowAnonymous: e.ALLOW_ANONYMOUS,
      anonymousScopes: e.ANONYMOUS_SCOPES,
      apiKeys: e.GATEWAY_API_KEYS,
      assortments: e.GATEWAY_ASSORTMENTS,
      jwt,
      signingSecret: e.GATEWAY_SIGNING_SECRET,
      subgraphJwt: e.GATEWAY_SUBGRAPH_JWT_KEY === undefined ? undefined : {
        privateJwk: e.GATEWAY_SUBGRAPH_JWT_KEY,
        issuer: e.GATEWAY_SUBGRAPH_JWT_ISSUER ?? 'stockgraph-gateway',
        audience: e.GATEWAY_SUBGRAPH_JWT_AUDIENCE ?? 'stockgraph-subgraphs',
      },
    },
    rateLimit: {
      enabled: e.RATE_LIMIT_ENABLED,
      anonymous: { ratePerSecond: e.RATE_LIMIT_ANONYMOUS_RPS, burst: e.RATE_LIMIT_ANONYMOUS_BURST },
      partner: { ratePerSecond: e.RATE_LIMIT_PARTNER_RPS, burst: e.RATE_LIMIT_PARTNER_BURST },
      client: { ratePerSecond: e.RATE_LIMIT_CLIENT_RPS, burst: e.RATE_LIMIT_CLIENT_BURST },
      trustedProxies: e.TRUSTED_PROXIES, maxClients: e.RATE_LIMIT_MAX_CLIENTS, redisUrl: clusterOrUrl(e), keyPrefix: e.KEY_PREFIX,
    },
    safelist: { mode: e.SAFELIST_MODE, operations: e.PERSISTED_QUERIES === undefined ? undefined : safelistFromManifest(e.PERSISTED_QUERIES) },
    metricsEnabled: e.METRICS_ENABLED,
    responseCache: {
      enabled: e.RESPONSE_CACHE_ENABLED, redisUrl: clusterOrUrl(e), keyPrefix: e.KEY_PREFIX,
      maxBytes: e.RESPONSE_CACHE_MAX_MB === undefined ? undefined : Math.round(e.RESPONSE_CACHE_MAX_MB * 1024 * 1024), ttlMs: e.RESPONSE_CACHE_TTL_MS,
    },
    positionCache: {
      enabled: e.POSITION_CACHE_ENABLED,
      maxBytes: e.POSITION_CACHE_MAX_MB === undefined ? undefined : Math.round(e.POSITION_CACHE_MAX_MB * 1024 * 1024),
    },
    cdn: {
      maxAgeS: e.CDN_MAX_AGE_S, purgeUrl: e.CDN_PURGE_URL, purgeAuthorization: e.CDN_PURGE_AUTHORIZATION,
      purgeBatchSize: e.CDN_PURGE_BATCH_SIZE, purgeIntervalMs: e.CDN_PURGE_INTERVAL_MS,
    },
    channelPolicies: parsePolicy('CHANNEL_POLICIES', () => parseChannelPolicies(e.CHANNEL_POLICIES)),
    reconcilePolicy: parsePolicy('RECONCILE_POLICY', () => parseReconcilePolicy(e.RECONCILE_POLICY)),
    passthroughEnabled: e.PASSTHROUGH_ENABLED,
    logLevel: e.LOG_LEVEL,
  };
  return resolveUncheckedConfig(overrides);
}

/** A policy the subgraphs read from the same variable, parsed by their own parser; a bad one is a ConfigError. */
function parsePolicy<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new ConfigError(`Invalid gateway configuration:\n  ${name}: ${(err as Error).message}`);
  }
}

/** SUBGRAPH_<NAME>_URL, keyed by <NAME>; the data source matches it to the upper-cased subgraph name. */
export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const m = /^SUBGRAPH_([A-Z0-9_]+)_URL$/.exec(key);
    if (m && value) urls[m[1]] = value;
  }
  return urls;
}

/**
 * Accepts Apollo's persisted-query manifest (`{ operations: [{ body }] }`) or a plain
 * `{ "<sha256>": "<query>" }` map. Keys are recomputed from the text, never trusted.
 */
export function safelistFromManifest(manifest: unknown): Record<string, string> {
  const bodies: unknown[] =
    manifest && typeof manifest === 'object' && Array.isArray((manifest as { operations?: unknown }).operations)
      ? (manifest as { operations: { body?: unknown }[] }).operations.map((o) => o.body)
      : Object.values((manifest ?? {}) as Record<string, unknown>);
  const out: Record<string, string> = {};
  for (const body of bodies) if (typeof body === 'string') out[queryHash(body)] = body;
  return out;
}

function readFileVars(env: NodeJS.ProcessEnv, readFile: (path: string) => string): NodeJS.ProcessEnv {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of FILE_VARS) {
    const path = env[`${name}_FILE`];
    if (!path) continue;
    try {
      out[name] = readFile(path).trim();
    } catch (err) {
      problems.push(`  ${name}_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return out;
}

/** REDIS_CLUSTER_NODES as a cluster target, else REDIS_URL; a malformed node list is reported like a bad URL. */
function clusterOrUrl(e: { REDIS_URL?: string; REDIS_CLUSTER_NODES?: string }): string | undefined {
  try {
    return redisTargetFromEnv(e);
  } catch {
    return `invalid REDIS_CLUSTER_NODES: ${e.REDIS_CLUSTER_NODES}`;
  }
}
