/**
 * The planning subgraph alone, as in production: `npx tsx subgraphs/planning/src/main.ts`. It
 * waits for the unification subgraph's catalog, subscribes to the live demand channel and serves.
 * Demand history lives in this process: it starts empty and fills from sales, shipments and
 * returns as they happen, unless PLANNING_SEED_DAYS asks for a seeded synthetic backfill (demos).
 */
import { ConfigError } from '@stockgraph/shared/config/parseEnv';
import { createLogger } from '@stockgraph/shared/logger';
import { createPlatform } from '@stockgraph/shared/platform';
import { createPlanningApp } from './app';
import { loadPlanningConfig, type PlanningConfig } from './config';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(config: PlanningConfig): Promise<void> {
  const started = Date.now();
  const logger = createLogger('planning', config.LOG_LEVEL);
  const platform = await createPlatform({ redisUrl: config.REDIS_URL, identitySecret: config.GATEWAY_SIGNING_SECRET, logger, stores: { prefix: config.KEY_PREFIX } });
  const app = createPlanningApp(platform);
  await platform.registry.waitUntilReady(config.REGISTRY_WAIT_MS);
  await app.listen();
  if (config.PLANNING_SEED_DAYS > 0) await app.seed(config.PLANNING_SEED, config.PLANNING_SEED_DAYS);
  else logger.info('demand history starts empty and fills from the live demand feed (set PLANNING_SEED_DAYS to seed a demo history)');
  const server = await app.start({ port: config.PLANNING_SUBGRAPH_PORT, host: config.HOST });
  logger.info({ url: server.url, ms: Date.now() - started }, 'planning subgraph ready');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    void server.close()
      .then(() => app.close())
      .then(() => platform.close())
      .then(() => process.exit(0), (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

let config: PlanningConfig;
try {
  config = loadPlanningConfig();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(2);
}
main(config).catch((err: unknown) => {
  process.stderr.write(`planning subgraph failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
