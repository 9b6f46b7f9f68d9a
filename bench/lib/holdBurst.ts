import type { RedisLedger } from '@stockgraph/shared/ledger';

/**
 * One-unit holds on 1,000 SKUs at D001 (loaded first with plenty of stock), `inFlight` at once,
 * until `holds` were sent: how many were held and in how many seconds.
 */
export async function holdBurst(ledger: RedisLedger, holds: number, inFlight: number, skuPrefix = 'SKU-B'): Promise<{ succeeded: number; seconds: number }> {
  const skus = Array.from({ length: 1000 }, (_, i) => `${skuPrefix}${i}`);
  await ledger.loadSnapshot(skus.map((sku) => ({ sku, locationId: 'D001', onHand: 1_000_000, at: 1, source: 'WMS' as const })));
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < holds) {
      const i = next++;
      const res = await ledger.reserve({ holdId: `H-${i}`, channel: 'DTC', lines: [{ sku: skus[i % skus.length]!, locationId: 'D001', quantity: 1 }], ttlMs: 900_000, now: Date.now() });
      if (res.ok) ok++;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { succeeded: ok, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
