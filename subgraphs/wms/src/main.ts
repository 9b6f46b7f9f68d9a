/**
 * The WMS subgraph alone, as in production: `npx tsx subgraphs/wms/src/main.ts`. It waits for the
 * unification subgraph's catalog, loads the DC snapshots and inbound, catches up on the delta feed
 * from the cursor stored in Redis (so a restart neither misses nor double counts), serves, then
 * polls the feed every WMS_POLL_MS and reloads snapshots every WMS_SNAPSHOT_MS.
 */
import '@stockgraph/shared/tracing/register'; // first: OpenTelemetry, when OTEL_EXPORTER_OTLP_*ENDPOINT is set
import { runService, type StartedService } from '@stockgraph/shared/http';
import { createLogger } from '@stockgraph/shared/logger';
import { platformFromEnv } from '@stockgraph/shared/config';
import { every } from '@stockgraph/shared/feeds';
import { createWmsApp } from './app';
import { loadWmsConfig, type WmsConfig } from './config';
import { WmsClient } from './legacy/WmsClient';

async function main(config: WmsConfig): Promise<StartedService> {
  const started = Date.now();
  const logger = createLogger('wms', config.LOG_LEVEL);
  const platform = await platformFromEnv(config, logger);
  const app = createWmsApp(platform, { client: new WmsClient({ baseUrl: config.WMS_URL, timeoutMs: config.LEGACY_TIMEOUT_MS, logger }) });
  await platform.registry.waitUntilReady(config.REGISTRY_WAIT_MS);
  const warn = (what: string) => (err: unknown) => logger.warn({ err: (err as Error).message }, what);
  await app.loadSnapshots().catch(warn('WMS snapshots failed at start'));
  await app.feed.poll().catch(warn('WMS delta catch-up failed at start'));
  const stoppers = [
    config.WMS_POLL_MS > 0 ? app.startPolling(config.WMS_POLL_MS) : () => undefined,
    config.WMS_SNAPSHOT_MS > 0 ? every(config.WMS_SNAPSHOT_MS, () => app.loadSnapshots(), warn('WMS snapshots failed')) : () => undefined,
  ];
  const server = await app.start({ port: config.WMS_SUBGRAPH_PORT, host: config.HOST });
  logger.info({ url: server.url, ms: Date.now() - started }, 'wms subgraph ready');

  return { logger, stoppers: [...stoppers], closers: [() => server.close(), () => platform.close()] };
}

runService('wms subgraph', () => loadWmsConfig(), main);
