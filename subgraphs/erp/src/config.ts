import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';
import { subgraphEnv } from '@stockgraph/shared/config';

/** The ERP subgraph run alone (src/main.ts): item master, open POs → incoming, plant stock reconciliation. */
export const erpConfigSchema = subgraphEnv.extend({
  ERP_SUBGRAPH_PORT: env.port(4002),
  ERP_URL: env.url().default('http://127.0.0.1:4301'),
  LEGACY_TIMEOUT_MS: env.ms(2000),
  /** the ERP batch (item master, POs, plant stock) runs at start and then this often (0: at start only);
   *  a nightly-batch system, re-read every 15 minutes to catch intraday PO changes */
  ERP_BATCH_MS: env.ms(15 * 60_000),
});
export type ErpConfig = z.infer<typeof erpConfigSchema>;

export const loadErpConfig = (e: NodeJS.ProcessEnv = process.env): ErpConfig => parseEnv(erpConfigSchema, e);
