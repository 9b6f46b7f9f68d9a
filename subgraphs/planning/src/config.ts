import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config/parseEnv';
import { subgraphEnv } from '@stockgraph/shared/config/subgraphEnv';

/** The planning subgraph run alone (src/main.ts): history from the live demand channel. */
export const planningConfigSchema = subgraphEnv.extend({
  PLANNING_SUBGRAPH_PORT: env.port(4006),
  /** days of seeded synthetic history (demos only); 0: history starts empty and fills from the feed */
  PLANNING_SEED_DAYS: z.coerce.number().int().min(0).max(365).default(0),
  PLANNING_SEED: z.coerce.number().int().default(42),
});
export type PlanningConfig = z.infer<typeof planningConfigSchema>;

export const loadPlanningConfig = (e: NodeJS.ProcessEnv = process.env): PlanningConfig => parseEnv(planningConfigSchema, e);
