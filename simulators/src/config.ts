import { env, parseEnv } from '@stockgraph/shared';
import { z } from 'zod';

const schema = z.object({
  ERP_PORT: env.port(4301),
  WMS_PORT: env.port(4302),
  POS_PORT: env.port(4303),
  OMS_PORT: env.port(4304),
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_SEED: z.coerce.number().int().min(0).max(0xffffffff).default(42),
  SIM_SIZE: z.enum(['default', 'bench']).default('default'),
  /** overrides of the size's shape (e.g. a few SKUs over 200 locations) */
  SIM_PRODUCTS: z.coerce.number().int().min(1).optional(),
  SIM_DCS: z.coerce.number().int().min(1).optional(),
  SIM_STORES: z.coerce.number().int().min(1).optional(),
});

export type SimulatorsConfig = z.infer<typeof schema>;

/** The standalone simulators' settings from the environment (all problems reported at once). */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): SimulatorsConfig {
  return parseEnv(schema, source);
}
