/**
 * The planning subgraph alone, as in production: `npx tsx subgraphs/planning/src/main.ts`. It
 * waits for the unification subgraph's catalog, subscribes to the live demand channel and serves.
 * Demand history lives in this process: it starts empty and fills from sales, shipments and
 * returns as they happen, unless PLANNING_SEED_DAYS asks for a seeded synthetic backfill (demos).
 */
import '@stockgraph/shared/tracing/register'; // first: OpenTelemetry, when OTEL_EXPORTER_OTLP_*ENDPOINT is set
import { runService, type StartedService } from '@stockgraph/shared/http';
import { createLogger } from '@stockgraph/shared/logger';
import { platformFromEnv } from '@stockgraph/shared/config';
import { parseChannelPolicies } from '@stockgraph/shared/availability';
import { createPlanningApp } from './app';
import { loadPlanningConfig, type PlanningConfig } from './config';

async function main(config: PlanningConfig): Promise<StartedService> {
  const started = Date.now();
  const logger = createLogger('planning', config.LOG_LEVEL);
  const platform = await platformFromEnv(config, logger);
  const app = createPlanningApp(platform, {
    policies: parseChannelPolicies(config.CHANNEL_POLICIES),
    quantileLevels: config.PLANNING_QUANTILES?.split(',').map(Number),
  });
  await platform.registry.waitUntilReady(config.REGISTRY_WAIT_MS);
  await app.listen();
  if (config.PLANNING_SEED_DAYS > 0) await app.seed(config.PLANNING_SEED, config.PLANNING_SEED_DAYS);
  else logger.info('demand history starts empty and fills from the live demand feed (set PLANNING_SEED_DAYS to seed a demo history)');
  const server = await app.start({ port: config.PLANNING_SUBGRAPH_PORT, host: config.HOST });
  logger.info({ url: server.url, ms: Date.now() - started }, 'planning subgraph ready');

  return { logger, closers: [() => server.close(), () => app.close(), () => platform.close()] };
}

runService('planning subgraph', () => loadPlanningConfig(), main);
