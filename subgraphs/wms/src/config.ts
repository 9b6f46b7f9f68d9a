import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';
import { subgraphEnv } from '@stockgraph/shared/config';

/** The WMS subgraph run alone (src/main.ts): DC snapshots, inbound, and the polled delta feed. */
export const wmsConfigSchema = subgraphEnv.extend({
  WMS_SUBGRAPH_PORT: env.port(4003),
  WMS_URL: env.url().default('http://127.0.0.1:4302'),
  LEGACY_TIMEOUT_MS: env.ms(2000),
  /** delta feed polling interval (0: no poller) */
  WMS_POLL_MS: env.ms(1000),
  /** DC snapshots and inbound are reloaded (and reconciled) this often (0: at start only) */
  WMS_SNAPSHOT_MS: env.ms(6 * 60 * 60_000),
});
export type WmsConfig = z.infer<typeof wmsConfigSchema>;

export const loadWmsConfig = (e: NodeJS.ProcessEnv = process.env): WmsConfig => parseEnv(wmsConfigSchema, e);
