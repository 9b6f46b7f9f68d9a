import { createLogger } from '@stockgraph/shared';
import { loadConfig } from './config';
import { startSimulators } from './startSimulators';
import { BENCH_WORLD_OPTIONS } from './generator/World';

/** Runs the four legacy simulators standalone: `npx tsx simulators/src/main.ts`. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('simulators');
  const started = Date.now();
  const sims = await startSimulators({
    seed: config.SIM_SEED,
    size: config.SIM_PRODUCTS || config.SIM_DCS || config.SIM_STORES
      ? {
          ...(config.SIM_SIZE === 'bench' ? BENCH_WORLD_OPTIONS : {}),
          ...(config.SIM_PRODUCTS ? { products: config.SIM_PRODUCTS } : {}),
          ...(config.SIM_DCS ? { dcs: config.SIM_DCS } : {}),
          ...(config.SIM_STORES ? { stores: config.SIM_STORES } : {}),
        }
      : config.SIM_SIZE,
    host: config.SIM_HOST,
    ports: { erp: config.ERP_PORT, wms: config.WMS_PORT, pos: config.POS_PORT, oms: config.OMS_PORT },
    logger,
  });
  const { world, urls } = sims;
  logger.info({ urls, seed: config.SIM_SEED, size: config.SIM_SIZE, skus: world.items.length, locations: world.locations.length, ms: Date.now() - started }, 'simulators ready');
  process.stdout.write(`ERP ${urls.erp}\nWMS ${urls.wms}\nPOS ${urls.pos}\nOMS ${urls.oms}\n`);
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping simulators');
    void sims.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
