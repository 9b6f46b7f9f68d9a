// `npm run start:scaled`: N gateways and N replicas of every subgraph on one Redis or Redis
// Cluster, behind one port. Unlike `npm start`, every part is its own process and Redis is required.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';
import { runService, type StartedService } from '@stockgraph/shared/http';
import { createLogger } from '@stockgraph/shared/logger';
import { redisTargetFromEnv } from '@stockgraph/shared/redis';
import { DEMO_API_KEYS } from './demoKeys';
import { startScaledStack } from './scaledStack';

const configSchema = z.object({
  PORT: env.port(4000),
  HOST: z.string().default('127.0.0.1'),
  /** gateways, and replicas of each subgraph */
  SCALE: z.coerce.number().int().min(1).max(16).default(2),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_CLUSTER_NODES: env.clusterNodes(),
  KEY_PREFIX: z.string().regex(/^[^{}*?[\]\s]*$/).default('sg:'),
  SIM_SEED: z.coerce.number().int().default(42),
  SIM_SIZE: z.enum(['default', 'bench']).default('default'),
  /** each planning replica's seeded demand history (the demo's year; 0: from the live feed only) */
  PLANNING_SEED_DAYS: z.coerce.number().int().min(0).max(365).default(365),
  GATEWAY_MODE: z.enum(['production', 'development']).default('production'),
  LOG_LEVEL: z.string().default('warn'),
  /** one <process>.log per process; default a new temporary folder */
  LOG_DIR: z.string().optional(),
});

async function main(config: z.infer<typeof configSchema>): Promise<StartedService> {
  const started = Date.now();
  const logDir = config.LOG_DIR ?? mkdtempSync(join(tmpdir(), 'stockgraph-scaled-'));
  const redisUrl = redisTargetFromEnv(config)!;
  process.stdout.write(`starting ${config.SCALE} gateways and ${config.SCALE} replicas of each subgraph on ${redisUrl} (logs in ${logDir})…\n`);
  const stack = await startScaledStack({
    scale: config.SCALE,
    port: config.PORT,
    host: config.HOST,
    redisUrl,
    keyPrefix: config.KEY_PREFIX,
    seed: config.SIM_SEED,
    size: config.SIM_SIZE,
    signingSecret: randomBytes(32).toString('hex'),
    webhookSecret: randomBytes(16).toString('hex'),
    logDir,
    logLevel: config.LOG_LEVEL,
    gatewayAuth: (skuIds) => ({ apiKeys: DEMO_API_KEYS, assortments: { acme: skuIds.filter((_, i) => i % 2 === 0) } }),
    gatewayEnv: { GATEWAY_MODE: config.GATEWAY_MODE },
    subgraphEnv: { planning: { PLANNING_SEED_DAYS: String(config.PLANNING_SEED_DAYS), PLANNING_SEED: String(config.SIM_SEED) } },
  });
  const url = `http://${config.HOST === '127.0.0.1' ? 'localhost' : config.HOST}:${stack.balancer.port}/`;
  const subgraphs = Object.entries(stack.replicaUrls).map(([n, urls]) => `${n} ×${urls.length}`).join(', ');
  process.stdout.write(
    [
      '',
      `stockgraph (scaled) is ready at ${url} in ${Date.now() - started} ms`,
      `  one port → ${stack.gatewayUrls.length} gateways (${stack.gatewayUrls.map((u) => new URL(u).port).join(', ')}), each calling every replica: ${subgraphs}`,
      `  rate limits, idempotency keys and stock-cache invalidation are shared through Redis`,
      '',
      `Try: curl -s ${url} -H 'content-type: application/json' -H 'x-api-key: demo-storefront-key' \\`,
      `       -d '{"query":"{ availability(skus: [\\"SKU-10000001\\"], channel: DTC) { availableToSell } }"}'`,
      '',
      'Demo API keys (header x-api-key): demo-storefront-key, demo-clienteling-key, demo-order-management-key,',
      '  demo-planner-key-0001, demo-partner-acme-key (as `npm start`).',
      '',
    ].join('\n'),
  );
  return { logger: createLogger('start-scaled', config.LOG_LEVEL), closers: [() => stack.close()] };
}

runService('stockgraph (scaled)', () => parseEnv(configSchema), main);
