import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CHANNELS, ConfigError } from '@stockgraph/shared';
import { ASYMMETRIC_ALGORITHMS, jwtIdentityConfigSchema } from '@stockgraph/shared/auth';
import { channelPolicySchema, DEFAULT_CHANNEL_POLICIES, type ChannelPolicies } from '@stockgraph/shared/availability';
import { DEFAULT_RECONCILE_POLICY, type ReconcilePolicy } from '@stockgraph/shared/reconcile';
import type { GatewayConfig, GatewayConfigOverrides, GatewayMode, UncheckedOverrides } from './configTypes';
import { trustedProxiesProblem } from './rateLimit/clientAddress';
import { splitUrls } from './subgraphs/SubgraphReplicas';

/** Used only in development mode when no secret is configured; production refuses it. */
export const DEV_SIGNING_SECRET = 'stockgraph-development-signing-secret-not-for-production';


/** Every limit a request must pass before any subgraph is called. */
export const DEFAULT_LIMITS = {
  maxBodyBytes: 100_000,
  maxTokens: 2000,
  maxDepth: 6,
  /** nesting of list fields (`fields`, `types`…) inside introspection, when introspection is on */
  maxIntrospectionDepth: 1,
  maxAliases: 100,
  maxRootFields: 20,
  maxMutationRootFields: 10,
  maxDirectivesPerField: 10,
  /** the same response key selected more often than this in one selection set */
  maxDuplicateFields: 3,
  maxCost: 10_000,
  /** assumed length of a list field with no size argument, for the cost estimate */
  defaultListSize: 10,
  /** items in any list argument or input list (`skus`, `lines`…) */
  maxListItems: 100,
  /** `first` / `last` / `limit` */
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
    legacyJsonStatus200: dev,
    consoleEnabled: true,
    consoleDefaultKey: null,
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
      subgraphJwt: null,
    },
    rateLimit: {
      enabled: true,
      anonymous: { ratePerSecond: 50, burst: 100 },
      partner: { ratePerSecond: 500, burst: 1000 },
      client: { ratePerSecond: 10_000, burst: 20_000 },
      trustedProxies: [],
      maxClients: 10_000,
      redisUrl: '',
      keyPrefix: 'sg:',
    },
    safelist: { mode: 'off', operations: {} },
    metricsEnabled: true,
    responseCache: { enabled: true, redisUrl: '', keyPrefix: 'sg:', maxBytes: 16 * 1024 * 1024, ttlMs: 60_000, pollMs: 500, quietMs: 1500, readThroughMs: 5000 },
    positionCache: { enabled: true, maxBytes: 40 * 1024 * 1024 },
    cdn: { maxAgeS: 60, purgeUrl: '', purgeAuthorization: '', purgeBatchSize: 100, purgeIntervalMs: 100 },
    channelPolicies: DEFAULT_CHANNEL_POLICIES,
    reconcilePolicy: DEFAULT_RECONCILE_POLICY,
    passthroughEnabled: true,
    logLevel: null,
  };
}

const int = (min: number) => z.number().int().min(min);
const scopes = z.array(z.string().min(1).max(100));
/** a token bucket: refilled at ratePerSecond, at most burst tokens */
const budget = z.object({ ratePerSecond: z.number().positive(), burst: int(1) });
const redisTarget = z.union([z.literal(''), z.string().url(), z.string().startsWith('redis-cluster://')]);

/** What an API key stands for. */
const apiKeyClient = z.object({
  clientId: z.string().min(1),
  channel: z.enum(CHANNELS).nullable(),
  partnerId: z.string().min(1).nullable().optional(),
  /** SKU list, or the name of an assortment in `auth.assortments` */
  assortment: z.union([z.array(z.string().min(1)), z.string().min(1)]).nullable().optional(),
  scopes,
  /** this client's own rate-limit budget, over its class's default (rateLimit.partner / rateLimit.client) */
  rateLimit: budget.nullable().optional(),
});

/**
 * The gateway's configuration, written once: its types (configTypes.ts) are inferred from this
 * schema, and every source of configuration (environment, tests, the stack scripts) goes through it.
 */
export const configSchema = z
  .object({
    mode: z.enum(['production', 'development']),
    host: z.string().min(1),
    port: int(0).max(65535),
    /** the composed supergraph file main.ts reads; empty: schema/supergraph.graphql of the repo */
    supergraphPath: z.string(),
    /**
     * subgraph name (as in the supergraph, or upper-cased as in SUBGRAPH_<NAME>_URL) → URL, or
     * the URLs of its replicas separated by commas (called in turn)
     */
    subgraphUrls: z.record(z.string().refine((list) => {
      const urls = splitUrls(list);
      return urls.length > 0 && urls.every((u) => z.string().url().safeParse(u).success);
    }, 'Invalid url (or comma-separated list of URLs)')),
    introspection: z.boolean(),
    /** name the limit and its value in refusals; false: one generic message */
    exposeLimits: z.boolean(),
    limits: z.object(Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, int(1)])) as Record<keyof typeof DEFAULT_LIMITS, z.ZodNumber>),
    /**
     * GraphQL-over-HTTP for legacy clients: when a request accepts application/json but not
     * application/graphql-response+json, answer parse/validation/variable errors with 200 (the
     * spec) instead of Apollo's 400. On by default in development, off in production (Apollo
     * Server 5 statuses).
     */
    legacyJsonStatus200: z.boolean(),
    /** the console at /console (and, in development, the IDE at / and /graphql) */
    consoleEnabled: z.boolean(),
    /** the API key the development console starts with (the demo sets one); never sent in production */
    consoleDefaultKey: z.string().min(1).nullable(),
    subgraphTimeoutMs: int(1),
    requestTimeoutMs: int(1),
    auth: z.object({
      allowAnonymous: z.boolean(),
      anonymousChannel: z.enum(CHANNELS),
      anonymousScopes: scopes,
      /** key (or `sha256:<hex of key>`) → client */
      apiKeys: z.record(z.string().min(16, 'API keys must be at least 16 characters (or sha256:<hex>)'), apiKeyClient),
      assortments: z.record(z.array(z.string().min(1))),
      /** a client's bearer token (the same settings the subgraphs take for a router's forwarded token) */
      jwt: jwtIdentityConfigSchema.nullable(),
      signingSecret: z.string().min(32, 'GATEWAY_SIGNING_SECRET must be at least 32 characters'),
      /**
       * Send subgraphs the identity as a JWT signed with this private key (its public half served at
       * /.well-known/jwks.json) instead of the HMAC header: subgraphs check it as any bearer token.
       */
      subgraphJwt: z
        .object({
          privateJwk: z.object({ kty: z.string().min(1), kid: z.string().min(1), alg: z.enum(ASYMMETRIC_ALGORITHMS), d: z.string().min(1) }).passthrough(),
          issuer: z.string().min(1),
          audience: z.string().min(1),
        })
        .nullable(),
    }),
    /** One token bucket per caller, shared by every gateway on the same Redis (rateLimit/). */
    rateLimit: z.object({
      enabled: z.boolean(),
      /** each anonymous caller, by end-user address */
      anonymous: budget,
      /** each partner, all its keys and apps together, unless its key sets its own */
      partner: budget,
      /** each other client (a server-side key speaks for all its users), unless its key sets its own */
      client: budget,
      /** peers whose X-Forwarded-For names the end user: addresses, CIDRs, or loopback / linklocal / uniquelocal */
      trustedProxies: z.array(z.string().min(1)).superRefine((list, ctx) => {
        const problem = trustedProxiesProblem(list);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
      /** buckets kept in this process (no Redis, or while it is unreachable); the least recently used is dropped beyond this */
      maxClients: int(1),
      /** where the shared buckets live (a redis-cluster:// target on a cluster); empty: in this process only */
      redisUrl: redisTarget,
      /** the deployment's KEY_PREFIX */
      keyPrefix: z.string(),
    }),
    safelist: z.object({
      /** off: free-form queries and APQ; enforce: only the manifest's operations run */
      mode: z.enum(['off', 'enforce']),
      /** sha256 hex of the query → query text */
      operations: z.record(z.string()),
    }),
    metricsEnabled: z.boolean(),
    /** The gateway's cache of stock answers (see cache/ResponseCache.ts). */
    responseCache: z.object({
      enabled: z.boolean(),
      /** where the ledger's change events come from (a redis-cluster:// target on a cluster); empty: only with stores handed in (one process) */
      redisUrl: redisTarget,
      /** the subgraphs' KEY_PREFIX */
      keyPrefix: z.string(),
      maxBytes: int(1024),
      ttlMs: int(1),
      /** source health and registry version are read this often */
      pollMs: int(10),
      /** after such a flush, no answer is kept for this long (the subgraphs' own caches may lag) */
      quietMs: int(0),
      /**
       * a SKU changed this recently is read from the ledger when an answer is computed for the
       * cache, past the unification subgraph's own position cache (its invalidation may lag ours)
       */
      readThroughMs: int(0),
    }),
    /**
     * The gateway's cache of positions per SKU (shared/ledger/PositionCache), which answers any
     * availability question about a cached SKU without a plan or a subgraph call
     * (cache/positionAnswers.ts). Fed from the ledger at responseCache.redisUrl, emptied by its change events.
     */
    positionCache: z.object({
      enabled: z.boolean(),
      /** the positions kept, in bytes (least recently used out first) */
      maxBytes: int(1024),
    }),
    /** Caching headers of availability answers and the CDN purge webhook (cache/cdnHeaders.ts, cache/CdnPurger.ts). */
    cdn: z.object({
      /** s-maxage of an anonymous availability answer */
      maxAgeS: int(0),
      /** empty: no purge calls */
      purgeUrl: z.union([z.literal(''), z.string().url()]),
      /** the purge call's authorization header (empty: none) */
      purgeAuthorization: z.string(),
      purgeBatchSize: int(1),
      purgeIntervalMs: int(1),
    }),
    /** the channel policies (CHANNEL_POLICIES): the same as the subgraphs', for the position cache's answers */
    channelPolicies: z.record(z.enum(CHANNELS), channelPolicySchema).transform((p) => p as ChannelPolicies),
    /** the system of record per location type (RECONCILE_POLICY): stale flags follow it */
    reconcilePolicy: z.custom<ReconcilePolicy>((v) => typeof v === 'object' && v !== null && 'winner' in v),
    /**
     * A query whose plan is one fetch to one subgraph, once Apollo has validated and planned its
     * text, is sent to that subgraph as written and its bytes returned (see passthrough/).
     */
    passthroughEnabled: z.boolean(),
    /** null: LOG_LEVEL handling of the shared logger (silent under jest) */
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
  return resolveUncheckedConfig(overrides);
}

/** The same, for overrides whose values are not typed yet (parsed from the environment): the schema checks them. */
export function resolveUncheckedConfig(overrides: UncheckedOverrides): GatewayConfig {
  const base = defaultConfig(overrides.mode === 'development' ? 'development' : 'production');
  const merged = {
    ...base,
    ...stripUndefined(overrides),
    limits: { ...base.limits, ...stripUndefined(overrides.limits ?? {}) },
    auth: { ...base.auth, ...stripUndefined(overrides.auth ?? {}) },
    rateLimit: mergeRateLimit(base.rateLimit, overrides.rateLimit ?? {}),
    safelist: { ...base.safelist, ...stripUndefined(overrides.safelist ?? {}) },
    responseCache: { ...base.responseCache, ...stripUndefined(overrides.responseCache ?? {}) },
    positionCache: { ...base.positionCache, ...stripUndefined(overrides.positionCache ?? {}) },
    cdn: { ...base.cdn, ...stripUndefined(overrides.cdn ?? {}) },
  };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid gateway configuration:\n${problems}`);
  }
  return result.data;
}

/** The budgets merge one level deeper: RATE_LIMIT_CLIENT_RPS alone keeps the default burst. */
function mergeRateLimit(base: GatewayConfig['rateLimit'], o: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base, ...stripUndefined(o) };
  for (const k of ['anonymous', 'partner', 'client'] as const) {
    const given = o[k];
    if (given && typeof given === 'object') merged[k] = { ...base[k], ...stripUndefined(given) };
  }
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** sha256 hex of a query: the key a safelist and APQ both use. */
export function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}
