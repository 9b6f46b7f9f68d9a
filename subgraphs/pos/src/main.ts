/**
 * The POS subgraph alone, as in production: `npx tsx subgraphs/pos/src/main.ts`. It waits for the
 * unification subgraph's catalog, loads the store snapshots, serves (GraphQL and the webhook at
 * /webhooks/pos), then registers that webhook with the POS so till transactions are pushed to it.
 * Every POS_SNAPSHOT_MS the snapshots are reconciled again and the webhook re-registered (a POS
 * restart forgets its receivers).
 */
import '@stockgraph/shared/tracing/register'; // first: OpenTelemetry, when OTEL_EXPORTER_OTLP_*ENDPOINT is set
import { runService, type StartedService } from '@stockgraph/shared/http';
import { createLogger } from '@stockgraph/shared/logger';
import { platformFromEnv } from '@stockgraph/shared/config';
import { every } from '@stockgraph/shared/feeds';
import { createPosApp } from './app';
import { loadPosConfig, type PosConfig } from './config';
import { PosClient } from './legacy/PosClient';
import { POS_WEBHOOK_PATH } from './server';

async function main(config: PosConfig): Promise<StartedService> {
  const started = Date.now();
  const logger = createLogger('pos', config.LOG_LEVEL);
  const platform = await platformFromEnv(config, logger);
  const client = new PosClient({ baseUrl: config.POS_URL, timeoutMs: config.LEGACY_TIMEOUT_MS, logger });
  const app = createPosApp(platform, { client, webhookSecret: config.POS_WEBHOOK_SECRET });
  await platform.registry.waitUntilReady(config.REGISTRY_WAIT_MS);
  const warn = (what: string) => (err: unknown) => logger.warn({ err: (err as Error).message }, what);
  await app.loadSnapshots().catch(warn('POS snapshots failed at start'));
  const server = await app.start({ port: config.POS_SUBGRAPH_PORT, host: config.HOST });
  const webhookUrl = config.POS_WEBHOOK_URL ?? server.url.replace(/\/graphql$/, POS_WEBHOOK_PATH);
  // Without the webhook no sale reaches the ledger: a failure here is fatal, not a warning.
  await client.registerWebhook(webhookUrl, config.POS_WEBHOOK_SECRET);
  const stopSnapshots = config.POS_SNAPSHOT_MS > 0
    ? every(config.POS_SNAPSHOT_MS, async () => {
        await client.registerWebhook(webhookUrl, config.POS_WEBHOOK_SECRET);
        await app.loadSnapshots();
      }, warn('POS snapshots failed'))
    : () => undefined;
  logger.info({ url: server.url, webhookUrl, ms: Date.now() - started }, 'pos subgraph ready');

  return { logger, stoppers: [stopSnapshots], closers: [() => server.close(), () => platform.close()] };
}

runService('pos subgraph', () => loadPosConfig(), main);
