// `npm start`: the whole system on the embedded default (no Redis needed), or on Redis with REDIS_URL.
import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config/parseEnv';
import { createLogger } from '@stockgraph/shared/logger';
import { parseChannelPolicies } from '@stockgraph/shared/availability/channelPolicy';
import { redisTargetFromEnv } from '@stockgraph/shared/redis/redisTarget';
import { startStack } from './stack';

const config = parseEnv(
  z.object({
    PORT: env.port(4000),
    HOST: z.string().default('127.0.0.1'),
    REDIS_URL: z.string().url().optional(),
    REDIS_CLUSTER_NODES: env.clusterNodes(),
    SIM_SEED: z.coerce.number().int().default(42),
    SIM_SIZE: z.enum(['default', 'bench']).default('default'),
    UNIFICATION_PORT: env.port(4001),
    ERP_SUBGRAPH_PORT: env.port(4002),
    WMS_SUBGRAPH_PORT: env.port(4003),
    POS_SUBGRAPH_PORT: env.port(4004),
    OMS_SUBGRAPH_PORT: env.port(4005),
    PLANNING_SUBGRAPH_PORT: env.port(4006),
    ERP_PORT: env.port(4301),
    WMS_PORT: env.port(4302),
    POS_PORT: env.port(4303),
    OMS_PORT: env.port(4304),
    CHANNEL_POLICIES: z.string().optional(),
    LOG_LEVEL: z.string().default('info'),
    GATEWAY_MODE: z.enum(['production', 'development']).default('production'),
  }),
);

async function main() {
  const started = Date.now();
  const logger = createLogger('stockgraph', config.LOG_LEVEL);
  const stack = await startStack({
    redisUrl: redisTargetFromEnv(config),
    seed: config.SIM_SEED,
    size: config.SIM_SIZE,
    host: config.HOST,
    policies: parseChannelPolicies(config.CHANNEL_POLICIES),
    logger,
    demoKeys: true,
    gateway: { mode: config.GATEWAY_MODE },
    ports: {
      gateway: config.PORT,
      unification: config.UNIFICATION_PORT, erp: config.ERP_SUBGRAPH_PORT, wms: config.WMS_SUBGRAPH_PORT,
      pos: config.POS_SUBGRAPH_PORT, oms: config.OMS_SUBGRAPH_PORT, planning: config.PLANNING_SUBGRAPH_PORT,
      simulators: { erp: config.ERP_PORT, wms: config.WMS_PORT, pos: config.POS_PORT, oms: config.OMS_PORT },
    },
  });
  const sku = stack.platform.registry.skuIds()[0];
  const url = `http://localhost:${config.PORT}/`;
  process.stdout.write(
    [
      '',
      `stockgraph is ready at ${url} (${Date.now() - started} ms, ${stack.platform.stores.kind} store)`,
      '',
      'Try:',
      `  curl -s ${url} -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ availability(skus: [\\"${sku}\\"], channel: DTC, near: {lat: 51.5072, lng: -0.1276}, radiusKm: 25) { sku { id name } availableToSell shipping { quantity } pickup { location { name } distanceKm availableToSell } asOf stale } }"}'`,
      '',
      'Demo API keys (header x-api-key): demo-storefront-key (DTC holds), demo-clienteling-key (stores: stock, scans),',
      '  demo-order-management-key (orders, routing, returns), demo-planner-key-0001 (planning), demo-partner-acme-key (marketplace partner).',
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await stack.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`stockgraph failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
