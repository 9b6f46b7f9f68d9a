import { z } from 'zod';
import { NEEDS_REDIS, env } from './parseEnv';
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
}).describe(NEEDS_REDIS);
export type SubgraphEnv = z.infer<typeof subgraphEnv>;

/** The platform of a subgraph run alone, from its environment. */
export function platformFromEnv(config: SubgraphEnv, logger: Logger): Promise<Platform> {
  return createPlatform({
    redisUrl: redisTargetFromEnv(config), identitySecret: config.GATEWAY_SIGNING_SECRET, logger, reconcilePolicy: parseReconcilePolicy(config.RECONCILE_POLICY),
    stores: {
      prefix: config.KEY_PREFIX, requirePersistence: config.REDIS_REQUIRE_PERSISTENCE,
      streams: {
        retention: config.STREAM_RETENTION, claimIdleMs: config.STREAM_CLAIM_IDLE_MS,
        killBeforeAck: config.STREAM_KILL_BEFORE_ACK.split(',').map((s) => s.trim()).filter(Boolean),
      },
    },
  });
}
