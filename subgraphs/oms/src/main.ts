/**
 * The OMS subgraph alone, as in production: `npx tsx subgraphs/oms/src/main.ts`. It waits for the
 * unification subgraph's catalog, catches up on the OMS event feed, serves, and runs the hold
 * expiry sweeper, the event poller, the allocation reconciler and the till-returns consumer.
 */
import '@stockgraph/shared/tracing/register'; // first: OpenTelemetry, when OTEL_EXPORTER_OTLP_*ENDPOINT is set
import { runService, type StartedService } from '@stockgraph/shared/http';
import { createLogger } from '@stockgraph/shared/logger';
import { platformFromEnv } from '@stockgraph/shared/config';
import { parseChannelPolicies } from '@stockgraph/shared/availability';
import { createOmsApp } from './app';
import { loadOmsConfig, type OmsConfig } from './config';
import { OmsClient } from './legacy/OmsClient';
import { parseRoutingConfig } from './routing';
import { parseDispositionConfig } from './returns/dispositionConfig';

async function main(config: OmsConfig): Promise<StartedService> {
  const started = Date.now();
  const logger = createLogger('oms', config.LOG_LEVEL);
  const platform = await platformFromEnv(config, logger);
  const app = createOmsApp(platform, {
    client: new OmsClient({ baseUrl: config.OMS_URL, timeoutMs: config.LEGACY_TIMEOUT_MS, logger }),
    policies: parseChannelPolicies(config.CHANNEL_POLICIES),
    routing: parseRoutingConfig(config.ROUTING_CONFIG ? JSON.parse(config.ROUTING_CONFIG) : {}),
    disposition: parseDispositionConfig(config.DISPOSITION_CONFIG ? JSON.parse(config.DISPOSITION_CONFIG) : {}),
    orderHoldTtlMs: config.ORDER_HOLD_TTL_MS,
    pickupWindowMs: config.PICKUP_WINDOW_MS,
  });
  await platform.registry.waitUntilReady(config.REGISTRY_WAIT_MS);
  await app.events.poll().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'OMS event catch-up failed at start'));
  await app.publishOrderHistory().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'OMS order history not reported to planning'));
  const stoppers = [
    config.EXPIRY_SWEEP_MS > 0 ? app.startExpirySweeper(config.EXPIRY_SWEEP_MS) : () => undefined,
    config.OMS_POLL_MS > 0 ? app.startEventPolling(config.OMS_POLL_MS) : () => undefined,
    config.RECONCILE_MS > 0 ? app.startReconciling(config.RECONCILE_MS) : () => undefined,
  ];
  const stopJoin = await app.startTillReturnJoin();
  const server = await app.start({ port: config.OMS_SUBGRAPH_PORT, host: config.HOST });
  logger.info({ url: server.url, ms: Date.now() - started }, 'oms subgraph ready');

  return { logger, stoppers: [...stoppers], closers: [() => server.close(), stopJoin, () => platform.close()] };
}

runService('oms subgraph', () => loadOmsConfig(), main);
