/**
 * The OMS subgraph as its own process for the benchmarks, used only while
 * subgraphs/oms/src/main.ts (the OMS owner's) does not exist: platform on Redis, the app from
 * subgraphs/oms/src/app.ts, the hold expiry sweeper, SIGTERM to stop. Same environment names as
 * the other subgraphs' main.ts.
 */
import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config/parseEnv';
import { createLogger } from '@stockgraph/shared/logger';
import { createPlatform } from '@stockgraph/shared/platform';
import { DEFAULT_CHANNEL_POLICIES } from '@stockgraph/shared/availability/channelPolicy';
import { createOmsApp } from '@stockgraph/oms/app';
import { OmsClient } from '@stockgraph/oms/legacy/OmsClient';

const config = parseEnv(z.object({
  OMS_SUBGRAPH_PORT: env.port(4005),
  HOST: z.string().default('127.0.0.1'),
  REDIS_URL: env.url(),
  KEY_PREFIX: z.string().default('sg:'),
  GATEWAY_SIGNING_SECRET: z.string().min(32),
  OMS_URL: env.url().default('http://127.0.0.1:4304'),
  LEGACY_TIMEOUT_MS: env.ms(2000),
  EXPIRY_SWEEP_MS: env.ms(1000),
  LOG_LEVEL: z.string().optional(),
}));

async function main(): Promise<void> {
  const logger = createLogger('oms', config.LOG_LEVEL);
  const platform = await createPlatform({ redisUrl: config.REDIS_URL, identitySecret: config.GATEWAY_SIGNING_SECRET, logger, stores: { prefix: config.KEY_PREFIX } });
  const app = createOmsApp(platform, { client: new OmsClient({ baseUrl: config.OMS_URL, timeoutMs: config.LEGACY_TIMEOUT_MS, logger }), policies: DEFAULT_CHANNEL_POLICIES });
  await platform.registry.waitUntilReady(120_000);
  const stopSweeper = app.startExpirySweeper(config.EXPIRY_SWEEP_MS);
  const server = await app.start({ port: config.OMS_SUBGRAPH_PORT, host: config.HOST });
  const stop = () => {
    stopSweeper();
    setTimeout(() => process.exit(1), 10_000).unref();
    void server.close().then(() => platform.close()).then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`oms stand-in failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
