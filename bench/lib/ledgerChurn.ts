/**
 * Stock changing under a read benchmark, as in a shop that is open: one ledger movement at a time
 * on the SKUs being asked about (+1 then −1 on the same position, so the figures stay put), at a
 * steady rate, through the ledger every subgraph uses. Each change is published to the gateway's
 * stock cache and the subgraphs' position caches, which drop the SKU.
 */
import { createStores } from '@stockgraph/shared/stores';
import { seededRandom } from './seededRandom';

export interface Churn { stop(): Promise<{ changes: number; perSecond: number }> }

const TICK_MS = 20;

export async function startChurn(o: {
  redisUrl: string; keyPrefix: string; skus: readonly string[]; locationId: string; perSecond: number; seed?: number;
  /** which SKU changes next (default: one of `skus`, uniformly) */
  pick?: () => string;
}): Promise<Churn> {
  const stores = await createStores(o.redisUrl, { prefix: o.keyPrefix });
  const started = Date.now();
  let changes = 0;
  let due = 0;
  const rand = seededRandom(o.seed ?? 1);
  let busy: Promise<unknown> = Promise.resolve();
  const up = new Set<string>();
  const pick = o.pick ?? (() => o.skus[Math.floor(rand() * o.skus.length)]!);
  const timer = o.perSecond > 0 && (o.skus.length > 0 || o.pick)
    ? setInterval(() => {
        due += (o.perSecond * TICK_MS) / 1000;
        const batch: Promise<unknown>[] = [];
        for (; due >= 1; due--) {
          const sku = pick();
          const delta = up.has(sku) ? -1 : 1;
          if (delta > 0) up.add(sku); else up.delete(sku);
          batch.push(stores.ledger.applyMovement({
            sku, locationId: o.locationId, reason: 'ADJUSTMENT', delta, source: 'LEDGER', sourceEventId: `bench-churn-${started}-${changes}`, at: Date.now(),
          }).then(() => changes++));
        }
        busy = Promise.all([busy, ...batch]);
      }, TICK_MS)
    : null;
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await busy.catch(() => undefined);
      // leave every position as it was
      await Promise.all([...up].map((sku, i) => stores.ledger.applyMovement({
        sku, locationId: o.locationId, reason: 'ADJUSTMENT', delta: -1, source: 'LEDGER', sourceEventId: `bench-churn-${started}-undo-${i}`, at: Date.now(),
      })));
      await stores.close();
      const seconds = (Date.now() - started) / 1000;
      return { changes, perSecond: Math.round((changes / seconds) * 10) / 10 };
    },
  };
}
