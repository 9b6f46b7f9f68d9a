/**
 * The unification subgraph alone, as in production: `npx tsx subgraphs/unification/src/main.ts`.
 * It owns the SKU registry: the catalog is synced from the legacy item masters before it serves,
 * then every CATALOG_SYNC_MS. The channel subgraphs wait for that first sync.
 */
import '@stockgraph/shared/tracing/register'; // first: OpenTelemetry, when OTEL_EXPORTER_OTLP_*ENDPOINT is set
import { runService, type StartedService } from '@stockgraph/shared/http';
import { createLogger } from '@stockgraph/shared/logger';
import { platformFromEnv } from '@stockgraph/shared/config';
import { parseChannelPolicies } from '@stockgraph/shared/availability';
import { every } from '@stockgraph/shared/feeds';
import { ErpClient } from '@stockgraph/erp';
import { WmsClient } from '@stockgraph/wms';
import { PosClient } from '@stockgraph/pos';
import { OmsClient } from '@stockgraph/oms';
import { createUnificationApp } from './app';
import { loadUnificationConfig, type UnificationConfig } from './config';

async function main(config: UnificationConfig): Promise<StartedService> {
  const started = Date.now();
  const logger = createLogger('unification', config.LOG_LEVEL);
  const platform = await platformFromEnv(config, logger);
  const legacy = { timeoutMs: config.LEGACY_TIMEOUT_MS, logger };
  const clients = {
    erp: new ErpClient({ baseUrl: config.ERP_URL, ...legacy }),
    wms: new WmsClient({ baseUrl: config.WMS_URL, ...legacy }),
    pos: new PosClient({ baseUrl: config.POS_URL, ...legacy }),
    oms: new OmsClient({ baseUrl: config.OMS_URL, ...legacy }),
  };
  const app = createUnificationApp(platform, {
    policies: parseChannelPolicies(config.CHANNEL_POLICIES), clients, positionCacheBytes: Math.round(config.POSITION_CACHE_MAX_MB * 1024 * 1024),
  });
  try {
    await app.sync.run();
  } catch (err) {
    // A restart while a legacy system is away still serves the registry it built last time.
    await platform.registry.refresh(true);
    if (!platform.registry.ready) throw err;
    logger.warn({ err: (err as Error).message }, 'catalog sync failed at start; serving the stored registry');
  }
  const stopSync = config.CATALOG_SYNC_MS > 0
    ? every(config.CATALOG_SYNC_MS, () => app.sync.run(), (err) => logger.warn({ err: (err as Error).message }, 'catalog sync failed'))
    : () => undefined;
  const server = await app.start({ port: config.UNIFICATION_PORT, host: config.HOST });
  logger.info({ url: server.url, ms: Date.now() - started }, 'unification subgraph ready');

  return { logger, stoppers: [stopSync], closers: [() => server.close(), () => app.close(), () => platform.close()] };
}

runService('unification subgraph', () => loadUnificationConfig(), main);
