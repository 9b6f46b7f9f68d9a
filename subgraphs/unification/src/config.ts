import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config/parseEnv';

export const unificationConfigSchema = z.object({
  UNIFICATION_PORT: env.port(4001),
  HOST: z.string().default('127.0.0.1'),
  REDIS_URL: z.string().url().optional(),
  KEY_PREFIX: z.string().default('sg:'),
  /** JSON overrides of the channel allocation policies, per channel */
  CHANNEL_POLICIES: z.string().optional(),
  ERP_URL: z.string().url().default('http://127.0.0.1:4301'),
  WMS_URL: z.string().url().default('http://127.0.0.1:4302'),
  POS_URL: z.string().url().default('http://127.0.0.1:4303'),
  OMS_URL: z.string().url().default('http://127.0.0.1:4304'),
  LEGACY_TIMEOUT_MS: env.ms(2000),
  /** how often the catalog is synced from the legacy item masters */
  CATALOG_SYNC_MS: env.ms(15 * 60_000),
  LOG_LEVEL: z.string().optional(),
});
export type UnificationConfig = z.infer<typeof unificationConfigSchema>;

export const loadUnificationConfig = (e: NodeJS.ProcessEnv = process.env): UnificationConfig => parseEnv(unificationConfigSchema, e);
