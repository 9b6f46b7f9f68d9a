import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';
import { subgraphEnv } from '@stockgraph/shared/config';

/** The OMS subgraph run alone (src/main.ts): holds, routing, fulfilment, returns, the OMS event feed. */
export const omsConfigSchema = subgraphEnv.extend({
  OMS_SUBGRAPH_PORT: env.port(4005),
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
});
export type OmsConfig = z.infer<typeof omsConfigSchema>;

export const loadOmsConfig = (e: NodeJS.ProcessEnv = process.env): OmsConfig => parseEnv(omsConfigSchema, e);
