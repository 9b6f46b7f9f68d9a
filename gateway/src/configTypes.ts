import type { Channel } from '@stockgraph/shared';

export type GatewayMode = 'production' | 'development';

/** Every limit a request must pass before any subgraph is called. */
export interface LimitsConfig {
  maxBodyBytes: number;
  maxTokens: number;
  maxDepth: number;
  /** nesting of list fields (`fields`, `types`…) inside introspection, when introspection is on */
  maxIntrospectionDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxMutationRootFields: number;
  maxDirectivesPerField: number;
  /** the same response key selected more often than this in one selection set */
  maxDuplicateFields: number;
  maxCost: number;
  /** assumed length of a list field with no size argument, for the cost estimate */
  defaultListSize: number;
  /** items in any list argument or input list (`skus`, `lines`…) */
  maxListItems: number;
  /** `first` / `last` / `limit` */
  maxPageSize: number;
}

/** What an API key stands for. */
export interface ApiKeyClient {
  clientId: string;
  channel: Channel | null;
  partnerId?: string | null;
  /** SKU list, or the name of an assortment in `auth.assortments` */
  assortment?: string[] | string | null;
  scopes: string[];
}

export interface JwtConfig {
  issuer: string;
  audience: string;
  algorithms: string[];
  /** exactly one of jwksUrl / jwks */
  jwksUrl?: string;
  jwks?: { keys: Record<string, unknown>[] };
  clockToleranceSeconds: number;
}

export interface AuthConfig {
  allowAnonymous: boolean;
  anonymousChannel: Channel;
  anonymousScopes: string[];
  /** key (or `sha256:<hex of key>`) → client */
  apiKeys: Record<string, ApiKeyClient>;
  assortments: Record<string, string[]>;
  jwt: JwtConfig | null;
  signingSecret: string;
}

export interface RateLimitConfig {
  enabled: boolean;
  /** tokens refilled per second per client */
  ratePerSecond: number;
  burst: number;
  /** buckets kept in memory; the least recently used is dropped beyond this */
  maxClients: number;
}

export interface SafelistConfig {
  /** off: free-form queries and APQ; enforce: only the manifest's operations run */
  mode: 'off' | 'enforce';
  /** sha256 hex of the query → query text */
  operations: Record<string, string>;
}

/** The gateway's cache of stock answers (see cache/ResponseCache.ts). */
export interface ResponseCacheConfig {
  enabled: boolean;
  /** where the ledger's change events come from; empty: only with stores handed in (one process) */
  redisUrl: string;
  /** the subgraphs' KEY_PREFIX */
  keyPrefix: string;
  maxBytes: number;
  ttlMs: number;
  /** source health and registry version are read this often */
  pollMs: number;
  /** after such a flush, no answer is kept for this long (the subgraphs' own caches may lag) */
  quietMs: number;
  /**
   * a SKU changed this recently is read from the ledger when an answer is computed for the
   * cache, past the unification subgraph's own position cache (its invalidation may lag ours)
   */
  readThroughMs: number;
}

export interface GatewayConfig {
  mode: GatewayMode;
  host: string;
  port: number;
  /** the composed supergraph file main.ts reads; empty: schema/supergraph.graphql of the repo */
  supergraphPath: string;
  /** subgraph name (as in the supergraph, or upper-cased as in SUBGRAPH_<NAME>_URL) → URL */
  subgraphUrls: Record<string, string>;
  introspection: boolean;
  /** name the limit and its value in refusals; false: one generic message */
  exposeLimits: boolean;
  limits: LimitsConfig;
  /**
   * GraphQL-over-HTTP for legacy clients: when a request accepts application/json but not
   * application/graphql-response+json, answer parse/validation/variable errors with 200 (the
   * spec) instead of Apollo's 400. On by default in development, off in production (Apollo
   * Server 5 statuses).
   */
  legacyJsonStatus200: boolean;
  /** the console at /console (and, in development, the IDE at / and /graphql) */
  consoleEnabled: boolean;
  /** the API key the development console starts with (the demo sets one); never sent in production */
  consoleDefaultKey: string | null;
  subgraphTimeoutMs: number;
  requestTimeoutMs: number;
  auth: AuthConfig;
  rateLimit: RateLimitConfig;
  safelist: SafelistConfig;
  metricsEnabled: boolean;
  responseCache: ResponseCacheConfig;
  /** null: LOG_LEVEL handling of the shared logger (silent under jest) */
  logLevel: string | null;
}

/** Top-level keys optional, and the nested groups partial too: tests override one limit at a time. */
type NestedGroup = 'limits' | 'auth' | 'rateLimit' | 'safelist' | 'responseCache';
export type GatewayConfigOverrides = Partial<Omit<GatewayConfig, NestedGroup>> & {
  [K in NestedGroup]?: Partial<GatewayConfig[K]>;
};
