import type { LedgerOptions } from '../ledgerInput';
import type { PositionKey, Reservation, ReserveRequest, StockLedger } from '../StockLedger';
import { waitFor } from '../../testing';

type OpenLedger = (opts?: LedgerOptions) => Promise<StockLedger>;

const A1: PositionKey = { sku: 'SKU-A', locationId: 'S001' };
const A2: PositionKey = { sku: 'SKU-A', locationId: 'D001' };
const B1: PositionKey = { sku: 'SKU-B', locationId: 'S001' };
const C1: PositionKey = { sku: 'SKU-C', locationId: 'S001' };

function hold(lines: ReserveRequest['lines'], over: Partial<ReserveRequest> = {}): ReserveRequest {
  return { holdId: 'hold-1', channel: 'DTC', lines, ttlMs: 60_000, now: 10_000, reference: 'ORD-1', ...over };
}

async function stock(l: StockLedger, entries: [PositionKey, number][]): Promise<void> {
  await l.loadSnapshot(entries.map(([k, onHand]) => ({ ...k, onHand, at: 1000, source: 'WMS' as const })));
}

async function reservedOf(l: StockLedger, keys: PositionKey[]): Promise<number[]> {
  return (await l.getPositions(keys)).map((p) => p?.reserved ?? 0);
}

/** Reservation half of the StockLedger contract (called from runLedgerContract). */
export function reservationContract(ledger: OpenLedger): void {
  it('holds every line and records the reservations', async () => {
    const l = await ledger();
    await stock(l, [[A1, 5], [A2, 5], [B1, 5]]);
    const res = await l.reserve(hold([{ ...A1, quantity: 2 }, { ...B1, quantity: 1 }, { ...A2, quantity: 3 }]));
    if (!res.ok) throw new Error('expected a hold');
    expect(res.reservations.map((r) => [r.sku, r.locationId, r.quantity, r.status])).toEqual([
      ['SKU-A', 'S001', 2, 'ACTIVE'], ['SKU-B', 'S001', 1, 'ACTIVE'], ['SKU-A', 'D001', 3, 'ACTIVE'],
    ]);
    expect(res.reservations[0]).toMatchObject({ holdId: 'hold-1', channel: 'DTC', reference: 'ORD-1', createdAt: 10_000, expiresAt: 70_000, updatedAt: 10_000 });
    expect(new Set(res.reservations.map((r) => r.id)).size).toBe(3);
    expect(await reservedOf(l, [A1, B1, A2])).toEqual([2, 1, 3]);
    const ids = res.reservations.map((r) => r.id);
    expect(await l.getReservations([ids[2]!, 'R.bogus', ids[0]!, 'no-such-id'])).toEqual([res.reservations[2], null, res.reservations[0], null]);
  });

  it('holds nothing when any line is short (all or none)', async () => {
    const l = await ledger();
    await stock(l, [[A1, 5], [B1, 1], [C1, 9]]);
    const res = await l.reserve(hold([{ ...A1, quantity: 2 }, { ...B1, quantity: 2 }, { ...C1, quantity: 1 }]));
    expect(res).toEqual({ ok: false, shortages: [{ index: 1, ...B1, requested: 2, available: 1 }] });
    expect(await reservedOf(l, [A1, B1, C1])).toEqual([0, 0, 0]);
    // two lines on one position add up
    const twice = await l.reserve(hold([{ ...A1, quantity: 3 }, { ...A1, quantity: 3 }]));
    expect(twice).toEqual({ ok: false, shortages: [{ index: 1, ...A1, requested: 3, available: 2 }] });
    // a position the ledger has never seen has nothing to hold
    const unknown = await l.reserve(hold([{ sku: 'SKU-Z', locationId: 'S009', quantity: 1 }]));
    expect(unknown).toEqual({ ok: false, shortages: [{ index: 0, sku: 'SKU-Z', locationId: 'S009', requested: 1, available: 0 }] });
    expect(await reservedOf(l, [A1, B1, C1])).toEqual([0, 0, 0]);
    expect(await l.expireDue(10_000_000)).toEqual([]);
  });


  it('tells `issued` the reservations a hold records before it answers; a throwing `issued` leaves nothing held', async () => {
    const l = await ledger();
    await stock(l, [[A1, 5], [B1, 1]]);
    const seen: (readonly Reservation[])[] = [];
    let answered = false;
    const pending = l.reserve(hold([{ ...A1, quantity: 2 }, { ...B1, quantity: 1 }], { issued: (rs) => { expect(answered).toBe(false); seen.push(rs); } }));
    const res = await pending.finally(() => { answered = true; });
    if (!res.ok) throw new Error('expected a hold');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(res.reservations);
    // a refused hold names the reservations it would have recorded: none of them exists
    const short: (readonly Reservation[])[] = [];
    const refused = await l.reserve(hold([{ ...A1, quantity: 1 }, { ...B1, quantity: 1 }], { holdId: 'hold-2', issued: (rs) => short.push(rs) }));
    expect(refused.ok).toBe(false);
    expect(short[0]!.map((r) => [r.sku, r.quantity])).toEqual([['SKU-A', 1], ['SKU-B', 1]]);
    expect(await l.getReservations(short[0]!.map((r) => r.id))).toEqual([null, null]);
    // the caller's write failed as the hold went out: the hold is undone
    await expect(l.reserve(hold([{ ...A1, quantity: 3 }], { holdId: 'hold-3', issued: () => { throw new Error('intent not written'); } }))).rejects.toThrow('intent not written');
    expect(await reservedOf(l, [A1, B1])).toEqual([2, 1]);
  });
  it('never oversells: 200 concurrent single-unit holds against 10 available', async () => {
    const l = await ledger();
    await stock(l, [[A1, 12]]);
    await l.setSafetyStock(A1, 2, 1000);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => l.reserve(hold([{ ...A1, quantity: 1 }], { holdId: `h${i}` }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const refused = results.find((r) => !r.ok);
    expect(refused).toEqual({ ok: false, shortages: [{ index: 0, ...A1, requested: 1, available: 0 }] });
    expect(await reservedOf(l, [A1])).toEqual([10]);
  });

  it('release gives the units back, once', async () => {
    const l = await ledger();
    await stock(l, [[A1, 5]]);
    const res = await l.reserve(hold([{ ...A1, quantity: 4 }]));
    if (!res.ok) throw new Error('expected a hold');
    const id = res.reservations[0]!.id;
    const released = await l.release(id, 20_000);
    expect(released).toEqual({ ok: true, reservation: { ...res.reservations[0], status: 'RELEASED', updatedAt: 20_000 } });
    expect(await reservedOf(l, [A1])).toEqual([0]);
    const again = await l.release(id, 21_000);
    expect(again).toEqual({ ok: false, reservation: expect.objectContaining({ id, status: 'RELEASED', updatedAt: 20_000 }) });
    expect(await reservedOf(l, [A1])).toEqual([0]);
    expect(await l.release('R.U0tVLUE.UzAwMQ.abc123', 21_000)).toEqual({ ok: false, reservation: null });
    expect(await l.release('garbage', 21_000)).toEqual({ ok: false, reservation: null });
    expect((await l.consume(id, 22_000, 'SHIP-1')).ok).toBe(false);
  });

  it('expires due holds exactly once when two sweeps run at the same time', async () => {
    const l = await ledger();
    await stock(l, [[A1, 50], [B1, 50]]);
    const short: Reservation[] = [];
    for (const [i, key] of [A1, B1, A1, B1, A1].entries()) {
      const r = await l.reserve(hold([{ ...key, quantity: 2 }], { holdId: `s${i}`, ttlMs: 1000 + i }));
      if (r.ok) short.push(...r.reservations);
    }
    const long = await l.reserve(hold([{ ...A1, quantity: 7 }], { ttlMs: 100_000 }));
    expect(short).toHaveLength(5);
    expect(await l.expireDue(10_999)).toEqual([]);
    const [x, y] = await Promise.all([l.expireDue(12_000), l.expireDue(12_000)]);
    const expired = [...x!, ...y!].map((r) => r.id).sort();
    expect(expired).toEqual(short.map((r) => r.id).sort());
    expect([...x!, ...y!].every((r) => r.status === 'EXPIRED' && r.updatedAt === 12_000)).toBe(true);
    expect(await reservedOf(l, [A1, B1])).toEqual([7, 0]);
    expect(await l.expireDue(12_000)).toEqual([]);
    expect((await l.getReservations([short[0]!.id]))[0]!.status).toBe('EXPIRED');
    expect((await l.release(short[0]!.id, 13_000)).ok).toBe(false);
    if (!long.ok) throw new Error('expected a hold');
    expect((await l.getReservations([long.reservations[0]!.id]))[0]!.status).toBe('ACTIVE');
  });

  it('expires at most `limit` per sweep, earliest first', async () => {
    const l = await ledger();
    await stock(l, [[A1, 50]]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await l.reserve(hold([{ ...A1, quantity: 1 }], { ttlMs: 4000 - i * 1000 }));
      if (r.ok) ids.push(r.reservations[0]!.id);
    }
    const first = await l.expireDue(20_000, 3);
    expect(first.map((r) => r.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect((await l.expireDue(20_000, 3)).map((r) => r.id)).toEqual([ids[0]]);
    expect(await reservedOf(l, [A1])).toEqual([0]);
  });

  it('consume takes the units off on hand and records a fulfilment', async () => {
    const l = await ledger();
    await stock(l, [[A1, 10]]);
    const res = await l.reserve(hold([{ ...A1, quantity: 4 }]));
    if (!res.ok) throw new Error('expected a hold');
    const id = res.reservations[0]!.id;
    const done = await l.consume(id, 30_000, 'SHIP-9');
    expect(done).toEqual({ ok: true, reservation: expect.objectContaining({ id, status: 'CONSUMED', updatedAt: 30_000 }) });
    expect((await l.getPositions([A1]))[0]).toMatchObject({ onHand: 6, reserved: 0, asOf: 30_000, source: 'LEDGER' });
    const [line] = (await l.history(A1, 1)).movements;
    expect(line).toMatchObject({ ...A1, reason: 'FULFILLMENT', delta: -4, source: 'LEDGER', sourceDocument: 'SHIP-9', at: 30_000, onHandAfter: 6 });
    expect((await l.consume(id, 31_000, 'SHIP-9')).ok).toBe(false);
    expect((await l.getPositions([A1]))[0]!.onHand).toBe(6);
    expect(await l.expireDue(10_000_000)).toEqual([]);
  });

  it('reports reservation changes to listeners', async () => {
    const l = await ledger();
    await stock(l, [[A1, 10], [B1, 10]]);
    const seen: PositionKey[] = [];
    l.onChange((keys) => seen.push(...keys));
    await l.changesReady?.();
    const res = await l.reserve(hold([{ ...A1, quantity: 1 }, { ...B1, quantity: 1 }]));
    if (!res.ok) throw new Error('expected a hold');
    await l.release(res.reservations[1]!.id, 11_000);
    await waitFor(() => seen.filter((k) => k.sku === 'SKU-B').length >= 2, Boolean, { what: 'hold and release events' });
    expect(seen).toEqual(expect.arrayContaining([A1, B1]));
    expect(seen.filter((k) => k.sku === 'SKU-B')).toHaveLength(2);
  });
}
