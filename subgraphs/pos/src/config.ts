import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';
import { subgraphEnv } from '@stockgraph/shared/config';

/** The POS subgraph run alone (src/main.ts): store snapshots and the till webhook. */
export const posConfigSchema = subgraphEnv.extend({
  POS_SUBGRAPH_PORT: env.port(4004),
  POS_URL: env.url().default('http://127.0.0.1:4303'),
  /** HMAC secret of the POS webhook, registered with the POS at start */
  POS_WEBHOOK_SECRET: z.string().min(16),
  /** the webhook URL as the POS reaches it (behind a load balancer); default: this process's own address */
  POS_WEBHOOK_URL: env.url().optional(),
  LEGACY_TIMEOUT_MS: env.ms(2000),
  /** store snapshots are reloaded (reconciled) and the webhook re-registered this often (0: at start only) */
  POS_SNAPSHOT_MS: env.ms(60 * 60_000),
});
export type PosConfig = z.infer<typeof posConfigSchema>;

export const loadPosConfig = (e: NodeJS.ProcessEnv = process.env): PosConfig => parseEnv(posConfigSchema, e);
