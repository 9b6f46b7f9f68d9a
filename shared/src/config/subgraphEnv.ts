import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { ConfigError, NEEDS_REDIS, env } from './parseEnv';
import { jwtIdentityConfigSchema } from '../auth/jwtIdentity';
import type { SubgraphIdentityOptions } from '../auth/verifyRequestIdentity';
import type { Logger } from '../logger';
import { createPlatform, type Platform } from '../platform';
import { redisTargetFromEnv } from '../redis/redisTarget';
import { parseReconcilePolicy } from '../reconcile/SnapshotReconciler';

/**
 * What every subgraph run alone reads: where it listens, the shared Redis, the gateway's signing
 * secret. Each subgraph's config.ts extends it with its own settings.
 */
export const subgraphEnv = z.object({
  HOST: z.string().default('127.0.0.1'),
  /** one of the two is required: the ledger, the registry and every cursor live in Redis */
  REDIS_URL: env.url().optional(),
  /** host:port,host:port,… of a Redis Cluster (wins over REDIS_URL) */
  REDIS_CLUSTER_NODES: env.clusterNodes(),
  KEY_PREFIX: z.string().default('sg:'),
  GATEWAY_SIGNING_SECRET: z.string().min(32),
  /** refuse a Redis without persistence (an evicting one is always refused) */
  REDIS_REQUIRE_PERSISTENCE: env.bool(false),
  /** how long to wait for the unification subgraph's first catalog sync */
  REGISTRY_WAIT_MS: env.ms(120_000),
  /** the system of record per location type, over the default (see parseReconcilePolicy) */
  RECONCILE_POLICY: z.string().optional(),
  LOG_LEVEL: z.string().optional(),
  /** entries kept per event stream (XADD MAXLEN ~) */
  STREAM_RETENTION: z.coerce.number().int().min(1).default(100_000),
  /** a stream entry pending this long with a consumer (a crashed one) is taken over by another */
  STREAM_CLAIM_IDLE_MS: env.ms(30_000),
  /** tests only: comma-separated streams whose consumers kill -9 their process before acknowledging */
  STREAM_KILL_BEFORE_ACK: z.string().default(''),
  /**
   * A bearer JWT accepted beside the gateway's header, for a Federation 2 router in front (Hive
   * Gateway, Apollo Router) forwarding the client's token or one our gateway signed. Off unless
   * JWT_ISSUER is set; then JWT_AUDIENCE and one of JWT_JWKS_URL, JWT_JWKS_FILE or JWT_JWKS are needed.
   */
  /** comma-separated for several issuers sharing the key set (the IdP's and our gateway's) */
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWT_ALGORITHMS: z.string().default('RS256,ES256'),
  JWT_JWKS_URL: z.string().optional(),
  JWT_JWKS_FILE: z.string().optional(),
  JWT_JWKS: z.string().optional(),
  JWT_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).default(5),
  /** JSON: claim names per identity part, e.g. {"partnerId":["https://acme.example/partner"]} */
  JWT_CLAIMS: z.string().optional(),
  /** JSON (or a file): named assortments a token's assortment claim may name, {"<name>":["SKU-…"]} */
  JWT_ASSORTMENTS_FILE: z.string().optional(),
  JWT_ASSORTMENTS: z.string().optional(),
}).describe(NEEDS_REDIS);
export type SubgraphEnv = z.infer<typeof subgraphEnv>;

/** The platform of a subgraph run alone, from its environment. */
export function platformFromEnv(config: SubgraphEnv, logger: Logger): Promise<Platform> {
  return createPlatform({
    redisUrl: redisTargetFromEnv(config), identitySecret: config.GATEWAY_SIGNING_SECRET, identityJwt: identityJwtFromEnv(config), logger, reconcilePolicy: parseReconcilePolicy(config.RECONCILE_POLICY),
    stores: {
      prefix: config.KEY_PREFIX, requirePersistence: config.REDIS_REQUIRE_PERSISTENCE,
      streams: {
        retention: config.STREAM_RETENTION, claimIdleMs: config.STREAM_CLAIM_IDLE_MS,
        killBeforeAck: config.STREAM_KILL_BEFORE_ACK.split(',').map((s) => s.trim()).filter(Boolean),
      },
    },
  });
}

/** The subgraph's JWT settings from its environment (null when JWT_ISSUER is unset); throws ConfigError listing every problem. */
export function identityJwtFromEnv(config: SubgraphEnv, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): SubgraphIdentityOptions['identityJwt'] {
  if (!config.JWT_ISSUER) return null;
  const problems: string[] = [];
  const json = (name: string, text: string | undefined): unknown => {
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      problems.push(`  ${name}: is not valid JSON`);
      return undefined;
    }
  };
  const fromFile = (name: string, path: string | undefined): string | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFile(path);
    } catch (err) {
      problems.push(`  ${name}: cannot read ${path} (${(err as Error).message})`);
      return undefined;
    }
  };
  const jwks = json('JWT_JWKS', config.JWT_JWKS ?? fromFile('JWT_JWKS_FILE', config.JWT_JWKS_FILE));
  const assortments = z.record(z.array(z.string().min(1))).safeParse(json('JWT_ASSORTMENTS', config.JWT_ASSORTMENTS ?? fromFile('JWT_ASSORTMENTS_FILE', config.JWT_ASSORTMENTS_FILE)) ?? {});
  if (!assortments.success) problems.push('  JWT_ASSORTMENTS: expected {"<name>": ["SKU-…", …]}');
  const jwt = jwtIdentityConfigSchema.safeParse({
    issuer: config.JWT_ISSUER.includes(',') ? config.JWT_ISSUER.split(',').map((i) => i.trim()).filter(Boolean) : config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE || undefined,
    algorithms: config.JWT_ALGORITHMS.split(',').map((a) => a.trim()).filter(Boolean),
    jwksUrl: config.JWT_JWKS_URL || undefined,
    jwks,
    clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_S,
    claims: json('JWT_CLAIMS', config.JWT_CLAIMS) ?? {},
  });
  if (!jwt.success) problems.push(...jwt.error.issues.map((i) => `  JWT_${i.path.join('.').toUpperCase() || 'SETTINGS'}: ${i.message}`));
  if (problems.length > 0 || !jwt.success || !assortments.success) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return { config: jwt.data, assortments: assortments.data };
}
