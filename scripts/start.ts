// `npm start`: the whole system on the embedded default (no Redis needed), or on Redis with REDIS_URL.
import '@stockgraph/shared/tracing/register'; // first: OpenTelemetry, when OTEL_EXPORTER_OTLP_*ENDPOINT is set
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';
import { createLogger, prettyLogsWanted } from '@stockgraph/shared/logger';
import { sampleQuery } from './sampleQuery';
import { parseChannelPolicies } from '@stockgraph/shared/availability';
import { redisTargetFromEnv } from '@stockgraph/shared/redis';
import { parseReconcilePolicy } from '@stockgraph/shared/reconcile';
import { startStack } from './stack';

const config = parseEnv(
  z.object({
    PORT: env.port(4000),
    HOST: z.string().default('127.0.0.1'),
    REDIS_URL: z.string().url().optional(),
    REDIS_CLUSTER_NODES: env.clusterNodes(),
    REDIS_ACK_REPLICAS: env.ackReplicas(),
    REDIS_ACK_TIMEOUT_MS: env.ms(500),
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
    RECONCILE_POLICY: z.string().optional(),
    LOG_LEVEL: z.string().default('info'),
    // the local demo: development (IDE, introspection) unless NODE_ENV=production or GATEWAY_MODE says otherwise
    GATEWAY_MODE: z.enum(['production', 'development']).optional(),
    NODE_ENV: z.string().optional(),
  }),
);
const mode = config.GATEWAY_MODE ?? (config.NODE_ENV === 'production' ? 'production' : 'development');

async function main() {
  const started = Date.now();
  // npm install builds the console; a clone whose install skipped scripts builds it here once
  if (!existsSync(path.resolve(__dirname, '../console/dist/index.html'))) {
    process.stdout.write('building the console (npm run build:console)…\n');
    execSync('npm run build:console', { stdio: 'inherit', cwd: path.resolve(__dirname, '..') });
  }
  const logger = createLogger('stockgraph', config.LOG_LEVEL, { pretty: prettyLogsWanted(mode) });
  const stack = await startStack({
    redisUrl: redisTargetFromEnv(config),
    replicaAck: { replicas: config.REDIS_ACK_REPLICAS, timeoutMs: config.REDIS_ACK_TIMEOUT_MS },
    seed: config.SIM_SEED,
    size: config.SIM_SIZE,
    host: config.HOST,
    policies: parseChannelPolicies(config.CHANNEL_POLICIES),
    reconcilePolicy: parseReconcilePolicy(config.RECONCILE_POLICY),
    logger,
    demoKeys: true,
    gateway: { mode },
    ports: {
      gateway: config.PORT,
      unification: config.UNIFICATION_PORT, erp: config.ERP_SUBGRAPH_PORT, wms: config.WMS_SUBGRAPH_PORT,
      pos: config.POS_SUBGRAPH_PORT, oms: config.OMS_SUBGRAPH_PORT, planning: config.PLANNING_SUBGRAPH_PORT,
      simulators: { erp: config.ERP_PORT, wms: config.WMS_PORT, pos: config.POS_PORT, oms: config.OMS_PORT },
    },
  });
  const url = `http://localhost:${config.PORT}/`;
  // the banner must not stop the demo: a failed look-up leaves a plain example
  const sample = await sampleQuery(stack.url, 'demo-storefront-key').catch((err: Error) => {
    logger.warn({ err: err.message }, 'could not choose an example with pickup stores');
    return { query: '{ locations(type: STORE) { id name geo { lat lng } } }', placeName: 'London', radiusKm: 25, pickupStores: 0 };
  });
  const dev = mode === 'development';
  stack.gateway.setIdeExample({ query: sample.query, headers: { 'x-api-key': 'demo-storefront-key' } });
  process.stdout.write(
    [
      '',
      `stockgraph is ready at ${url} (${Date.now() - started} ms, ${stack.platform.stores.kind} store, ${mode} mode)`,
      dev
        ? `  ${url} in a browser: GraphiQL with the example below · ${url}console: the operations console`
        : `  production mode: no IDE, no introspection (GATEWAY_MODE=development for both) · ${url}console needs a key with the console scope`,
      '',
      `Try (${sample.pickupStores} pickup store${sample.pickupStores === 1 ? "" : "s"} within ${sample.radiusKm} km of ${sample.placeName}):`,
      `  curl -s ${url} -H 'content-type: application/json' -H 'x-api-key: demo-storefront-key' \\`,
      `    -d '${JSON.stringify({ query: sample.query }).replace(/'/g, "'\\''")}'`,
      '',
      'Demo API keys (header x-api-key): demo-storefront-key (DTC holds), demo-clienteling-key (stores: stock, scans),',
      '  demo-order-management-key (orders, routing, returns, console), demo-planner-key-0001 (planning), demo-partner-acme-key (marketplace partner).',
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
