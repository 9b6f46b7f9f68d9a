import { z } from 'zod';

/**
 * Parses the environment against a zod schema and reports every problem at once.
 * Deployables call this from their own src/config.ts; nothing else reads process.env.
 */
export function parseEnv<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  const issues = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  // a schema described NEEDS_REDIS (subgraphEnv and its extensions) needs one of the two
  if (schema.description === NEEDS_REDIS && !env.REDIS_URL && !env.REDIS_CLUSTER_NODES) {
    issues.push('  REDIS_URL: REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster) is required');
  }
  if (result.success && issues.length === 0) return result.data;
  throw new ConfigError(`Invalid configuration:\n${issues.join('\n')}`);
}

/** Marks a schema whose deployable cannot run without Redis (see subgraphEnv). */
export const NEEDS_REDIS = 'needs REDIS_URL or REDIS_CLUSTER_NODES';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Common zod pieces for env parsing. */
export const env = {
  port: (def: number) => z.coerce.number().int().min(0).max(65535).default(def),
  url: () => z.string().url(),
  /** `host:port,host:port,…` (REDIS_CLUSTER_NODES) */
  clusterNodes: () => z.string().regex(/^\s*[^:,\s]+:\d{1,5}\s*(,\s*[^:,\s]+:\d{1,5}\s*)*$/, 'expected host:port,host:port,…').optional(),
  ms: (def: number) => z.coerce.number().int().min(0).default(def),
  /** REDIS_ACK_REPLICAS: replicas a stock write waits for (WAIT) before it is acknowledged; 0 = asynchronous replication */
  ackReplicas: () => z.coerce.number().int().min(0).max(5).default(0),
  bool: (def: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(def ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
};
