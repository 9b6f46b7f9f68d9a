import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config/parseEnv';

/** The OMS subgraph run alone (src/main.ts): holds, routing, fulfilment, returns, the OMS event feed. */
export const omsConfigSchema = z.object({
  OMS_SUBGRAPH_PORT: env.port(4005),
  HOST: z.string().default('127.0.0.1'),
  /** required: the ledger, holds, orders and idempotency keys live in Redis */
  REDIS_URL: env.url(),
  KEY_PREFIX: z.string().default('sg:'),
  GATEWAY_SIGNING_SECRET: z.string().min(32),
  OMS_URL: env.url().default('http://127.0.0.1:4304'),
  LEGACY_TIMEOUT_MS: env.ms(2000),
  /** JSON overrides of the channel allocation policies (as the unification subgraph's) */
  CHANNEL_POLICIES: z.string().optional(),
  /** JSON deep-partial overrides of the routing cost model, SLAs and search budgets */
  ROUTING_CONFIG: z.string().optional(),
  /** JSON per-category overrides of the returns disposition policy */
  DISPOSITION_CONFIG: z.string().optional(),
  ORDER_HOLD_TTL_MS: env.ms(3 * 24 * 3600_000),
  PICKUP_WINDOW_MS: env.ms(72 * 3600_000),
  EXPIRY_SWEEP_MS: env.ms(1000),
  OMS_POLL_MS: env.ms(1000),
  RECONCILE_MS: env.ms(60_000),
  REGISTRY_WAIT_MS: env.ms(120_000),
  LOG_LEVEL: z.string().optional(),
});
export type OmsConfig = z.infer<typeof omsConfigSchema>;

export const loadOmsConfig = (e: NodeJS.ProcessEnv = process.env): OmsConfig => parseEnv(omsConfigSchema, e);
