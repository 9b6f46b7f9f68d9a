import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config/parseEnv';

/** The planning subgraph run alone (src/main.ts): history from the live demand channel. */
export const planningConfigSchema = z.object({
  PLANNING_SUBGRAPH_PORT: env.port(4006),
  HOST: z.string().default('127.0.0.1'),
  /** required: the ledger, the registry and the demand channel live in Redis */
  REDIS_URL: env.url(),
  KEY_PREFIX: z.string().default('sg:'),
  GATEWAY_SIGNING_SECRET: z.string().min(32),
  /** days of seeded synthetic history (demos only); 0: history starts empty and fills from the feed */
  PLANNING_SEED_DAYS: z.coerce.number().int().min(0).max(365).default(0),
  PLANNING_SEED: z.coerce.number().int().default(42),
  /** how long to wait for the unification subgraph's first catalog sync */
  REGISTRY_WAIT_MS: env.ms(120_000),
  LOG_LEVEL: z.string().optional(),
});
export type PlanningConfig = z.infer<typeof planningConfigSchema>;

export const loadPlanningConfig = (e: NodeJS.ProcessEnv = process.env): PlanningConfig => parseEnv(planningConfigSchema, e);
