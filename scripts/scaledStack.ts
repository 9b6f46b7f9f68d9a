/**
 * Many processes on one Redis or Redis Cluster: N gateways and N replicas of every subgraph
 * (scripts/separateStack.ts starts them), behind one port (scripts/balancer.ts). The gateways
 * share rate limits, idempotency and stock-cache invalidation through Redis; each calls every
 * replica of a subgraph in turn (SUBGRAPH_<NAME>_URL lists them).
 */
import { startBalancer, type Balancer } from './balancer';
import { startSeparateStack, type SeparateStack, type SeparateStackOptions } from './separateStack';

export interface ScaledStackOptions extends Omit<SeparateStackOptions, 'replicas' | 'gateways'> {
  /** gateways, and replicas of each subgraph (planning: one, see below) */
  scale: number;
  /** the balancer's port (default: any free one) */
  port?: number;
}

export interface ScaledStack extends SeparateStack {
  /** the one URL in front of every gateway */
  url: string;
  balancer: Balancer;
}

export async function startScaledStack(o: ScaledStackOptions): Promise<ScaledStack> {
  const host = o.host ?? '127.0.0.1';
  const stack = await startSeparateStack({
    ...o,
    replicas: o.scale,
    // Planning keeps its demand history in the process, filled from the durable streams by its
    // consumer group; replicas of one group share the entries, so each would miss the others'.
    // It runs once until its history is read from the streams without a shared group.
    replicasOf: { planning: 1, ...o.replicasOf },
    gateways: o.scale,
    // the balancer is the gateways' trusted proxy: its X-Forwarded-For names the end user
    gatewayEnv: { TRUSTED_PROXIES: host, ...o.gatewayEnv },
  });
  let balancer: Balancer;
  try {
    balancer = await startBalancer({ targets: stack.gatewayUrls, port: o.port, host });
  } catch (err) {
    await stack.close();
    throw err;
  }
  return {
    ...stack,
    url: balancer.url,
    balancer,
    close: async () => {
      await balancer.close();
      await stack.close();
    },
  };
}
