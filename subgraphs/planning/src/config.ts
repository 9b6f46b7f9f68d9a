import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';
import { subgraphEnv } from '@stockgraph/shared/config';

/** The planning subgraph run alone (src/main.ts): history from the live demand channel. */
export const planningConfigSchema = subgraphEnv.extend({
  PLANNING_SUBGRAPH_PORT: env.port(4006),
  /** days of seeded synthetic history (demos only); 0: history starts empty and fills from the feed */
  PLANNING_SEED_DAYS: z.coerce.number().int().min(0).max(365).default(0),
  PLANNING_SEED: z.coerce.number().int().default(42),
  /** channel policies as JSON (the same value the unification and OMS subgraphs read): low-stock thresholds, channel locations */
  CHANNEL_POLICIES: z.string().optional(),
  /** forecast quantile levels served besides 0.1, 0.5 and 0.9, comma-separated, each in (0, 1) */
  PLANNING_QUANTILES: z.string().regex(/^(0?\.\d+)(,0?\.\d+)*$/).optional(),
});
export type PlanningConfig = z.infer<typeof planningConfigSchema>;

export const loadPlanningConfig = (e: NodeJS.ProcessEnv = process.env): PlanningConfig => parseEnv(planningConfigSchema, e);
