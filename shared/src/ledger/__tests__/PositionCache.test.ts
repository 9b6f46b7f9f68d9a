import { MemoryLedger } from '../MemoryLedger';
import { PositionCache } from '../PositionCache';
import type { Position } from '../../domain';
import type { StockLedger } from '../StockLedger';

const move = (ledger: StockLedger, sku: string, delta: number, id: string) =>
  ledger.applyMovement({ sku, locationId: 'D001', reason: 'ADJUSTMENT', delta, source: 'LEDGER', sourceEventId: id, at: Date.now() });
const onHand = (rows: Position[][]) => rows.map((r) => r[0]?.onHand ?? null);

describe('PositionCache', () => {
  it('serves cached positions until a change event drops the SKU', async () => {
    const ledger = new MemoryLedger();
    const cache = new PositionCache(ledger);
    await move(ledger, 'A', 5, 'a1');
    expect(onHand(await cache.positionsForSkus(['A']))).toEqual([5]);
    await move(ledger, 'A', 2, 'a2');
    expect(onHand(await cache.positionsForSkus(['A']))).toEqual([7]);
    expect([cache.hits, cache.misses]).toEqual([0, 2]);
    expect(onHand(await cache.positionsForSkus(['A']))).toEqual([7]);
    expect(cache.hits).toBe(1);
    cache.close();
  });

  it('reads the SKUs asked to be read through from the ledger, even when the change event has not arrived', async () => {
    const ledger = new MemoryLedger();
    const cache = new PositionCache(ledger);
    await move(ledger, 'A', 5, 'a1');
    await move(ledger, 'B', 1, 'b1');
    await cache.positionsForSkus(['A', 'B']);
    // the change event is late here: the cache still holds the old figures
    cache.close();
    await move(ledger, 'A', 3, 'a2');
    await move(ledger, 'B', 3, 'b2');
    expect(onHand(await cache.positionsForSkus(['A', 'B']))).toEqual([5, 1]);
    expect(onHand(await cache.positionsForSkus(['A', 'B'], new Set(['A'])))).toEqual([8, 1]);
    // and the fresh figure is kept
    expect(onHand(await cache.positionsForSkus(['A']))).toEqual([8]);
  });
});
