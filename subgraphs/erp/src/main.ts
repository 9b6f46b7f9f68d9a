/**
 * The ERP subgraph alone, as in production: `npx tsx subgraphs/erp/src/main.ts`. It waits for the
 * unification subgraph's catalog (the registry translates every ERP code), runs the ERP batch
 * (item master, open POs → incoming, plant stock reconciliation), serves, and reruns the batch
 * every ERP_BATCH_MS.
 */
import '@stockgraph/shared/tracing/register'; // first: OpenTelemetry, when OTEL_EXPORTER_OTLP_*ENDPOINT is set
import { runService, type StartedService } from '@stockgraph/shared/http';
import { createLogger } from '@stockgraph/shared/logger';
import { platformFromEnv } from '@stockgraph/shared/config';
import { createErpApp } from './app';
import { loadErpConfig, type ErpConfig } from './config';
import { ErpClient } from './legacy/ErpClient';

async function main(config: ErpConfig): Promise<StartedService> {
  const started = Date.now();
  const logger = createLogger('erp', config.LOG_LEVEL);
  const platform = await platformFromEnv(config, logger);
  const app = createErpApp(platform, { client: new ErpClient({ baseUrl: config.ERP_URL, timeoutMs: config.LEGACY_TIMEOUT_MS, logger }) });
  await platform.registry.waitUntilReady(config.REGISTRY_WAIT_MS);
  try {
    await app.runBatch();
  } catch (err) {
    // The ledger keeps the last batch's figures; the next run catches up.
    logger.warn({ err: (err as Error).message }, 'ERP batch failed at start');
  }
  const stopBatch = config.ERP_BATCH_MS > 0 ? app.startBatching(config.ERP_BATCH_MS) : () => undefined;
  const server = await app.start({ port: config.ERP_SUBGRAPH_PORT, host: config.HOST });
  logger.info({ url: server.url, ms: Date.now() - started }, 'erp subgraph ready');

  return { logger, stoppers: [stopBatch], closers: [() => server.close(), () => platform.close()] };
}

runService('erp subgraph', () => loadErpConfig(), main);
