import { availableToSell } from '../../domain';
import type { LedgerOptions } from '../ledgerInput';
import type { Movement, PositionKey, StockLedger } from '../StockLedger';
import { reservationContract } from './reservationContract';
import { waitFor } from '../../testing';
import { supplyContract } from './supplyContract';
import { auditContract } from './auditContract';

export { waitFor };

export type MakeLedger = (opts?: LedgerOptions) => Promise<StockLedger>;

export function mv(sku: string, locationId: string, sourceEventId: string, over: Partial<Movement> = {}): Movement {
  return { sku, locationId, reason: 'SALE', delta: -1, source: 'POS', sourceEventId, at: 1_000, ...over };
}

/** Opens ledgers for one test and closes them after it. */
export function ledgerFixture(makeLedger: MakeLedger) {
  const open: StockLedger[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((l) => l.close()));
  });
  return async (opts?: LedgerOptions) => {
    const l = await makeLedger(opts);
    open.push(l);
    return l;
  };
}

/**
 * The behaviour every StockLedger must show. `makeLedger` returns an empty ledger each call
 * (Redis: a fresh key prefix); `cleanup` runs once after the suite.
 */
export function runLedgerContract(name: string, makeLedger: MakeLedger, cleanup: () => Promise<void>): void {
  describe(`${name}: StockLedger contract`, () => {
    const ledger = ledgerFixture(makeLedger);
    afterAll(cleanup);
    const A1: PositionKey = { sku: 'SKU-A', locationId: 'S001' };
    const A2: PositionKey = { sku: 'SKU-A', locationId: 'D001' };
    const B1: PositionKey = { sku: 'SKU-B', locationId: 'S001' };

    it('loads a snapshot, refuses an older one, returns positions in key order', async () => {
      const l = await ledger();
      expect(await l.loadSnapshot([{ ...A1, onHand: 10, at: 1000, source: 'ERP' }, { ...A2, onHand: 5, at: 1000, source: 'WMS' }])).toEqual(['APPLIED', 'APPLIED']);
      expect(await l.loadSnapshot([{ ...A1, onHand: 7, at: 900, source: 'ERP' }, { ...A2, onHand: 8, at: 1100, source: 'WMS' }])).toEqual(['STALE', 'APPLIED']);
      const [p2, missing, p1] = await l.getPositions([A2, B1, A1]);
      expect(p1).toEqual({ ...A1, onHand: 10, reserved: 0, safetyStock: 0, incoming: 0, asOf: 1000, source: 'ERP' });
      expect(p2).toMatchObject({ onHand: 8, asOf: 1100, source: 'WMS' });
      expect(missing).toBeNull();
      expect((await l.history(A1, 10)).movements).toEqual([]);
      const [forA, forNone] = await l.getPositionsForSkus(['SKU-A', 'SKU-NONE']);
      expect(forA!.map((p) => [p.locationId, p.onHand])).toEqual([['D001', 8], ['S001', 10]]);
      expect(forNone).toEqual([]);
    });

    it('reads a SKU packed as it reads its positions: every figure, holds per channel and in transit, in location order', async () => {
      const l = await ledger();
      const S2: PositionKey = { sku: 'SKU-A', locationId: 'S002' };
      await l.loadSnapshot([{ ...A1, onHand: 10, at: 1000, source: 'ERP' }, { ...A2, onHand: 50, at: 1100, source: 'WMS' }, { ...S2, onHand: 4, at: 900, source: 'POS' }]);
      await l.applyMovement(mv(A1.sku, A1.locationId, 's1', { delta: -13, at: 1200 })); // on hand below zero
      await l.setIncoming(A2, 40, 1500, 'ERP');
      await l.setSafetyStock(A2, 3, 1600);
      const hold = async (holdId: string, channel: 'DTC' | 'WHOLESALE' | 'MARKETPLACE', key: PositionKey, quantity: number) => {
        const r = await l.reserve({ holdId, channel, lines: [{ ...key, quantity }], ttlMs: 60_000, now: 5000, reference: holdId });
        if (!r.ok) throw new Error('expected a hold');
        return r.reservations[0]!.id;
      };
      await hold('h1', 'DTC', A2, 3);
      await hold('h2', 'WHOLESALE', A2, 5);
      await hold('h3', 'MARKETPLACE', S2, 1);
      // a transfer of 2 from D001 to S001: in transit there, and its DTC hold gone from D001
      expect((await l.shipTransfer(await hold('TR-1', 'DTC', A2, 2), A1.locationId, 'TR-1', 6000)).ok).toBe(true);
      const [objects, none] = await l.getPositionsForSkus(['SKU-A', 'SKU-NONE']);
      const [packed, packedNone] = await l.getPackedPositionsForSkus(['SKU-A', 'SKU-NONE']);
      expect(packed!.sku).toBe('SKU-A');
      expect(packed!.toPositions()).toStrictEqual(objects);
      expect(objects!.map((p) => [p.locationId, p.inTransit, p.held])).toEqual([
        ['D001', undefined, { DTC: 3, WHOLESALE: 5 }], ['S001', 2, undefined], ['S002', undefined, { MARKETPLACE: 1 }],
      ]);
      expect(packed!.onHand(1)).toBe(-3);
      expect(packedNone!.length).toBe(0);
      expect(none).toEqual([]);
    });

    it('applies movements and keeps the newest source time and the last source', async () => {
      const l = await ledger();
      await l.loadSnapshot([{ ...A1, onHand: 10, at: 1000, source: 'ERP' }]);
      const sale = await l.applyMovement(mv(A1.sku, A1.locationId, 'e1', { delta: -2, at: 2000 }));
      expect(sale).toEqual({ outcome: 'APPLIED', position: expect.objectContaining({ onHand: 8, asOf: 2000, source: 'POS' }) });
      const late = await l.applyMovement(mv(A1.sku, A1.locationId, 'r1', { reason: 'RECEIPT', delta: 5, at: 1500, source: 'WMS' }));
      expect(late.position).toMatchObject({ onHand: 13, asOf: 2000, source: 'WMS' });
      const fresh = await l.applyMovement(mv(B1.sku, B1.locationId, 'e2', { delta: -1, at: 10 }));
      expect(fresh.position).toMatchObject({ ...B1, onHand: -1, reserved: 0, asOf: 10 });
    });

    it('answers a duplicate event with DUPLICATE and counts it once', async () => {
      const l = await ledger();
      await l.loadSnapshot([{ ...A1, onHand: 10, at: 1000, source: 'ERP' }]);
      expect((await l.applyMovement(mv(A1.sku, A1.locationId, 'dup', { at: 2000 }))).outcome).toBe('APPLIED');
      const again = await l.applyMovement(mv(A1.sku, A1.locationId, 'dup', { at: 2000 }));
      expect(again.outcome).toBe('DUPLICATE');
      expect(again.position.onHand).toBe(9);
      // the id is unique per source: the same id from another system is another event
      expect((await l.applyMovement(mv(A1.sku, A1.locationId, 'dup', { at: 2000, source: 'OMS' }))).position.onHand).toBe(8);
      expect((await l.history(A1, 10)).movements).toHaveLength(2);
    });

    it('replays a batch without changing anything twice', async () => {
      const l = await ledger();
      const batch = Array.from({ length: 24 }, (_, i) =>
        mv(i % 2 ? 'SKU-A' : 'SKU-B', i % 3 ? 'S001' : 'D001', `b${i}`, { reason: 'RECEIPT', delta: i + 1, at: 1000 + i, source: 'WMS' }));
      const first = await Promise.all(batch.map((m) => l.applyMovement(m)));
      expect(first.every((r) => r.outcome === 'APPLIED')).toBe(true);
      const keys = [A1, A2, B1, { sku: 'SKU-B', locationId: 'D001' }];
      const before = await l.getPositions(keys);
      const replay = await Promise.all(batch.map((m) => l.applyMovement(m)));
      expect(replay.map((r) => r.outcome)).toEqual(batch.map(() => 'DUPLICATE'));
      expect(await l.getPositions(keys)).toEqual(before);
      const total = before.reduce((s, p) => s + (p?.onHand ?? 0), 0);
      expect(total).toBe(batch.reduce((s, m) => s + m.delta, 0));
    });

    it('refuses a delta older than the last snapshot or count, and an older count', async () => {
      const l = await ledger();
      await l.loadSnapshot([{ ...A1, onHand: 50, at: 5000, source: 'ERP' }]);
      const late = await l.applyMovement(mv(A1.sku, A1.locationId, 'late', { delta: -3, at: 4000 }));
      expect(late).toEqual({ outcome: 'STALE', position: expect.objectContaining({ onHand: 50, asOf: 5000 }) });
      expect((await l.applyMovement(mv(A1.sku, A1.locationId, 'ok', { delta: -3, at: 6000 }))).position.onHand).toBe(47);
      const oldCount = await l.applyMovement(mv(A1.sku, A1.locationId, 'c1', { reason: 'COUNT', delta: 0, setTo: 40, at: 4500, source: 'WMS' }));
      expect(oldCount.outcome).toBe('STALE');
      const count = await l.applyMovement(mv(A1.sku, A1.locationId, 'c2', { reason: 'COUNT', delta: 0, setTo: 30, at: 7000, source: 'WMS' }));
      expect(count.position).toMatchObject({ onHand: 30, asOf: 7000, source: 'WMS' });
      expect((await l.applyMovement(mv(A1.sku, A1.locationId, 'pre-count', { delta: -1, at: 6500 }))).outcome).toBe('STALE');
      expect(await l.loadSnapshot([{ ...A1, onHand: 99, at: 6999, source: 'ERP' }])).toEqual(['STALE']);
      expect((await l.getPositions([A1]))[0]!.onHand).toBe(30);
      expect((await l.history(A1, 10)).movements.map((m) => m.sourceEventId)).toEqual(['c2', 'ok']);
      // the count is recorded with the change it made: 47 → 30
      expect((await l.history(A1, 1)).movements[0]).toMatchObject({ reason: 'COUNT', delta: -17, onHandAfter: 30 });
    });

    it('pages history newest first with a cursor that survives new lines', async () => {
      const l = await ledger();
      for (let i = 1; i <= 7; i++) await l.applyMovement(mv(A1.sku, A1.locationId, `e${i}`, { reason: 'RECEIPT', delta: i, at: 1000 + i, sourceDocument: `GR-${i}` }));
      const p1 = await l.history(A1, 3);
      expect(p1.movements.map((m) => m.sourceEventId)).toEqual(['e7', 'e6', 'e5']);
      expect(p1.movements[0]).toMatchObject({ ...A1, reason: 'RECEIPT', delta: 7, source: 'POS', at: 1007, sourceDocument: 'GR-7', onHandAfter: 28 });
      expect(typeof p1.movements[0]!.recordedAt).toBe('number');
      await l.applyMovement(mv(A1.sku, A1.locationId, 'e8', { at: 2000 }));
      const p2 = await l.history(A1, 3, p1.nextCursor);
      expect(p2.movements.map((m) => [m.sourceEventId, m.onHandAfter])).toEqual([['e4', 10], ['e3', 6], ['e2', 3]]);
      const p3 = await l.history(A1, 3, p2.nextCursor);
      expect(p3.movements.map((m) => m.sourceEventId)).toEqual(['e1']);
      expect(p3.nextCursor).toBeNull();
      expect((await l.history(A1, 8)).nextCursor).toBeNull();
      await expect(l.history(A1, 3, 'not-a-cursor')).rejects.toThrow(RangeError);
    });

    it('caps history per position, dropping the oldest', async () => {
      const l = await ledger({ historyCap: 3 });
      for (let i = 1; i <= 5; i++) await l.applyMovement(mv(A1.sku, A1.locationId, `e${i}`, { at: 1000 + i }));
      const page = await l.history(A1, 10);
      expect(page.movements.map((m) => m.sourceEventId)).toEqual(['e5', 'e4', 'e3']);
      expect(page.nextCursor).toBeNull();
    });

    it('keeps incoming and safety stock beside on hand', async () => {
      const l = await ledger();
      await l.loadSnapshot([{ ...A1, onHand: 20, at: 1000, source: 'WMS' }]);
      await l.setIncoming(A1, 40, 1500, 'ERP');
      await l.setSafetyStock(A1, 3, 1200);
      await l.setIncoming(B1, 12, 900, 'ERP');
      const [a, b] = await l.getPositions([A1, B1]);
      expect(a).toEqual({ ...A1, onHand: 20, reserved: 0, safetyStock: 3, incoming: 40, asOf: 1500, source: 'ERP' });
      expect(b).toMatchObject({ onHand: 0, incoming: 12, safetyStock: 0 });
      expect(availableToSell(a!)).toBe(17);
    });

    it('computes available to sell from on hand, reserved, safety stock and the caller buffer', async () => {
      const l = await ledger();
      await l.loadSnapshot([{ ...A1, onHand: 20, at: 1000, source: 'WMS' }]);
      await l.setSafetyStock(A1, 2, 1000);
      const held = await l.reserve({ holdId: 'h1', channel: 'DTC', lines: [{ ...A1, quantity: 3 }], ttlMs: 60_000, now: 5000 });
      expect(held.ok).toBe(true);
      const [p] = await l.getPositions([A1]);
      expect(p).toMatchObject({ onHand: 20, reserved: 3, safetyStock: 2 });
      expect(availableToSell(p!)).toBe(15);
      expect(availableToSell(p!, 5)).toBe(10);
      const tooMany = await l.reserve({ holdId: 'h2', channel: 'DTC', lines: [{ ...A1, quantity: 11 }], ttlMs: 60_000, now: 5000, extraBuffer: () => 5 });
      expect(tooMany).toEqual({ ok: false, shortages: [{ index: 0, ...A1, requested: 11, available: 10 }] });
      expect((await l.reserve({ holdId: 'h3', channel: 'DTC', lines: [{ ...A1, quantity: 10 }], ttlMs: 60_000, now: 5000, extraBuffer: () => 5 })).ok).toBe(true);
      expect(availableToSell((await l.getPositions([A1]))[0]!, 5)).toBe(0);
    });

    it('tells listeners which positions changed, and only those', async () => {
      const l = await ledger();
      const seen: PositionKey[][] = [];
      const marker: PositionKey[][] = [];
      const off = l.onChange((keys) => seen.push(keys));
      l.onChange((keys) => marker.push(keys));
      await l.changesReady?.();
      await l.applyMovement(mv(A1.sku, A1.locationId, 'x1'));
      await waitFor(() => seen.length >= 1, Boolean, { what: 'change event for a movement' });
      expect(seen[0]).toEqual([A1]);
      await l.loadSnapshot([{ ...A2, onHand: 1, at: 1, source: 'ERP' }, { ...B1, onHand: 2, at: 1, source: 'ERP' }]);
      await waitFor(() => seen.flat().length >= 3, Boolean, { what: 'change events for a snapshot' });
      expect(seen.slice(1).flat()).toEqual(expect.arrayContaining([A2, B1]));
      const count = seen.length;
      const markerCount = marker.length;
      await l.applyMovement(mv(A1.sku, A1.locationId, 'x1'));
      off();
      await l.applyMovement(mv(A2.sku, A2.locationId, 'x2'));
      await waitFor(() => marker.length > markerCount, Boolean, { what: 'change event after unsubscribing one listener' });
      // events arrive in commit order: had the duplicate published, the marker would have seen it first
      expect(marker.slice(markerCount)).toEqual([[A2]]);
      expect(seen.length).toBe(count);
    });

    it('refuses malformed input', async () => {
      const l = await ledger();
      await expect(l.applyMovement(mv('', 'S001', 'e'))).rejects.toThrow(RangeError);
      await expect(l.applyMovement(mv('SKU-A', 'S001', 'e', { delta: 1.5 }))).rejects.toThrow(RangeError);
      await expect(l.loadSnapshot([{ ...A1, onHand: 1, at: -1, source: 'ERP' }])).rejects.toThrow(RangeError);
      await expect(l.reserve({ holdId: 'h', channel: 'DTC', lines: [{ ...A1, quantity: 0 }], ttlMs: 1000, now: 1 })).rejects.toThrow(RangeError);
      expect(await l.getPositions([A1])).toEqual([null]);
    });

    reservationContract(ledger);
    supplyContract(ledger);
    auditContract(ledger);
  });
}
