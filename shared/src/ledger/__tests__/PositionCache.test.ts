import { MemoryLedger } from '../MemoryLedger';
import { entryBytes, PositionCache } from '../PositionCache';
import { PackedPositions } from '../PackedPositions';
import type { StockLedger } from '../StockLedger';

const move = (ledger: StockLedger, sku: string, delta: number, id: string) =>
  ledger.applyMovement({ sku, locationId: 'D001', reason: 'ADJUSTMENT', delta, source: 'LEDGER', sourceEventId: id, at: Date.now() });
const onHand = (rows: PackedPositions[]) => rows.map((r) => (r.length > 0 ? r.onHand(0) : null));

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

describe('PositionCache bounds and races', () => {
  it('keeps within its byte bound, least recently used out first', async () => {
    const ledger = new MemoryLedger();
    for (let i = 0; i < 40; i++) {
      for (let l = 0; l < 10; l++) {
        await ledger.applyMovement({ sku: `S${i}`, locationId: `L${l}`, reason: 'ADJUSTMENT', delta: 1 + l, source: 'LEDGER', sourceEventId: `s${i}-${l}`, at: Date.now() });
      }
    }
    const one = entryBytes('S0', (await ledger.getPackedPositionsForSkus(['S0']))[0]!);
    const max = one * 10 + 50; // ten entries (ids one or two characters longer than S0 take a few bytes more)
    const cache = new PositionCache(ledger, { maxBytes: max });
    for (let i = 0; i < 40; i++) {
      await cache.positionsForSkus([`S${i}`]);
      await cache.positionsForSkus(['S0']); // used all the time: stays
      expect(cache.stats().bytes).toBeLessThanOrEqual(max);
    }
    const s = cache.stats();
    expect(s.entries).toBe(10);
    expect(s.evictions).toBe(30);
    expect(cache.peek('S39')).toBeDefined();
    expect(cache.peek('S0')).toBeDefined();
    expect(cache.peek('S1')).toBeUndefined();
    cache.close();
  });

  it('counts each SKU at its packed size: N SKUs of M positions fit in N entries\' bytes, and one more evicts the oldest', async () => {
    const ledger = new MemoryLedger();
    const skus = Array.from({ length: 30 }, (_, i) => `K${10 + i}`); // one length: one size
    await ledger.loadSnapshot(skus.flatMap((sku) => Array.from({ length: 50 }, (_, l) => ({ sku, locationId: `L${String(l).padStart(3, '0')}`, onHand: l, at: 1000, source: 'WMS' as const }))));
    const each = entryBytes('K10', (await ledger.getPackedPositionsForSkus(['K10']))[0]!);
    expect(each - entryBytes('K10', PackedPositions.fromPositions('K10', []))).toBe(50 * 29);
    const cache = new PositionCache(ledger, { maxBytes: 12 * each });
    await cache.positionsForSkus(skus.slice(0, 12));
    expect(cache.stats()).toMatchObject({ entries: 12, bytes: 12 * each, evictions: 0 });
    await cache.positionsForSkus(skus.slice(12));
    expect(cache.stats()).toMatchObject({ entries: 12, bytes: 12 * each, evictions: 18 });
    expect(cache.peek('K10')).toBeUndefined();
    expect(cache.peek('K39')?.length).toBe(50);
    // a SKU with a figure past int32 is kept wide (85 bytes a position, not 29), and counted so
    await ledger.applyMovement({ sku: 'K39', locationId: 'L000', reason: 'ADJUSTMENT', delta: 2 ** 32, source: 'LEDGER', sourceEventId: 'big', at: 2000 });
    const [wide] = await cache.positionsForSkus(['K39']);
    expect(wide!.wide).toBe(true);
    expect(wide!.onHand(0)).toBe(2 ** 32);
    // the change dropped K39; the wide entry takes 2.4 entries' bytes, so the two oldest go
    expect(cache.stats()).toMatchObject({ entries: 10, bytes: 9 * each + (each + 50 * (85 - 29)), evictions: 20 });
    expect(cache.peek('K28')).toBeUndefined();
    expect(cache.peek('K29')).toBeUndefined();
    expect(cache.peek('K30')?.length).toBe(50);
    cache.close();
  });

  it('does not keep a fill that started before an invalidation of its SKU (or of everything)', async () => {
    const ledger = new MemoryLedger();
    await move(ledger, 'A', 5, 'a1');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = { onChange: ledger.onChange.bind(ledger), getPositionsForSkus: async (skus: readonly string[]) => { const rows = await ledger.getPositionsForSkus(skus); await gate; return rows; } };
    const cache = new PositionCache(slow);
    const filling = cache.positionsForSkus(['A']);
    expect(cache.fillsInFlight).toBe(1);
    await move(ledger, 'A', 2, 'a2'); // its change event arrives while the old figure is on its way
    release();
    expect(onHand(await filling)).toEqual([5]); // served to the request that read it…
    expect(cache.peek('A')).toBeUndefined(); // …but not kept
    // the race bookkeeping holds what is in flight only: the SKU that changed under its fill is forgotten with the fill
    expect(cache.fillsInFlight).toBe(0);
    expect(onHand(await cache.positionsForSkus(['A']))).toEqual([7]);
    expect(cache.stats().racesSkipped).toBe(1);

    let release2!: () => void;
    const gate2 = new Promise<void>((r) => (release2 = r));
    const slow2 = { onChange: ledger.onChange.bind(ledger), getPositionsForSkus: async (skus: readonly string[]) => { const rows = await ledger.getPositionsForSkus(skus); await gate2; return rows; } };
    const cache2 = new PositionCache(slow2);
    const filling2 = cache2.positionsForSkus(['A']);
    cache2.clear();
    release2();
    await filling2;
    expect(cache2.peek('A')).toBeUndefined();
    cache.close();
    cache2.close();
  });

  it('forgets a fill that failed, and keeps two fills of one SKU apart until both end', async () => {
    const ledger = new MemoryLedger();
    await move(ledger, 'A', 5, 'a1');
    let fail = true;
    const gates: (() => void)[] = [];
    const flaky = {
      onChange: ledger.onChange.bind(ledger),
      getPositionsForSkus: async (skus: readonly string[]) => {
        if (fail) throw new Error('ledger unreachable');
        await new Promise<void>((r) => gates.push(r));
        return ledger.getPositionsForSkus(skus);
      },
    };
    const cache = new PositionCache(flaky);
    await expect(cache.positionsForSkus(['A', 'B'])).rejects.toThrow('ledger unreachable');
    expect(cache.fillsInFlight).toBe(0);

    fail = false;
    const first = cache.positionsForSkus(['A']);
    const second = cache.positionsForSkus(['A']);
    await new Promise((r) => setImmediate(r));
    expect(cache.fillsInFlight).toBe(1);
    gates.shift()!();
    await first;
    // the second fill is still out: a change now must still stop it from being kept
    expect(cache.fillsInFlight).toBe(1);
    await move(ledger, 'A', 2, 'a2');
    gates.shift()!();
    await second;
    expect(cache.fillsInFlight).toBe(0);
    expect(cache.peek('A')).toBeUndefined();
    expect(cache.stats().racesSkipped).toBe(1);
    cache.close();
  });

  it('tells its listeners what it dropped', async () => {
    const ledger = new MemoryLedger();
    const cache = new PositionCache(ledger);
    const seen: (readonly string[] | null)[] = [];
    cache.onInvalidate((skus) => seen.push(skus));
    await move(ledger, 'B', 1, 'b1');
    cache.clear();
    expect(seen).toEqual([['B'], null]);
    cache.close();
  });
});
