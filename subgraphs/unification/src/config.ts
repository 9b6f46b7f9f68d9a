import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';
import { subgraphEnv } from '@stockgraph/shared/config';

/** The unification subgraph run alone (src/main.ts), as in production: one process among several on one Redis. */
export const unificationConfigSchema = subgraphEnv.extend({
  UNIFICATION_PORT: env.port(4001),
  /** JSON overrides of the channel allocation policies, per channel */
  CHANNEL_POLICIES: z.string().optional(),
  ERP_URL: env.url().default('http://127.0.0.1:4301'),
  WMS_URL: env.url().default('http://127.0.0.1:4302'),
  POS_URL: env.url().default('http://127.0.0.1:4303'),
  OMS_URL: env.url().default('http://127.0.0.1:4304'),
  LEGACY_TIMEOUT_MS: env.ms(2000),
  /** bytes of the process cache of positions (least recently used out first) */
  POSITION_CACHE_MAX_MB: z.coerce.number().positive().default(64),
  /** how often the catalog is synced from the legacy item masters (0: at start only) */
  CATALOG_SYNC_MS: env.ms(15 * 60_000),
});
export type UnificationConfig = z.infer<typeof unificationConfigSchema>;

export const loadUnificationConfig = (e: NodeJS.ProcessEnv = process.env): UnificationConfig => parseEnv(unificationConfigSchema, e);
