import { allocateSupply } from '../allocateSupply';
import type { LedgerOptions } from '../ledgerInput';
import type { PositionKey, ReserveRequest, StockLedger } from '../StockLedger';

type OpenLedger = (opts?: LedgerOptions) => Promise<StockLedger>;

const D1: PositionKey = { sku: 'SKU-P', locationId: 'D001' };
const D2: PositionKey = { sku: 'SKU-P', locationId: 'D002' };

function hold(lines: ReserveRequest['lines'], over: Partial<ReserveRequest> = {}): ReserveRequest {
  return { holdId: 'hold-1', channel: 'WHOLESALE', lines, ttlMs: 60_000, now: 10_000, reference: 'ORD-1', ...over };
}

async function stock(l: StockLedger, entries: [PositionKey, number][]): Promise<void> {
  await l.loadSnapshot(entries.map(([k, onHand]) => ({ ...k, onHand, at: 1000, source: 'WMS' as const })));
}

/** Channel allocation and supply promises: the part of the StockLedger contract that caps what a hold may take. */
export function supplyContract(ledger: OpenLedger): void {
  it('caps a channel at its share of the position, its own holds counted: repeated holds do not drain it', async () => {
    const l = await ledger();
    await stock(l, [[D1, 200]]);
    const wholesale = { share: 0.5, extraBuffer: () => 0 };
    expect((await l.reserve(hold([{ ...D1, quantity: 60 }], { ...wholesale, holdId: 'w1' }))).ok).toBe(true);
    expect((await l.reserve(hold([{ ...D1, quantity: 40 }], { ...wholesale, holdId: 'w2' }))).ok).toBe(true);
    // 100 of 200 held: the cap is reached, whatever the pool still has
    expect(await l.reserve(hold([{ ...D1, quantity: 1 }], { ...wholesale, holdId: 'w3' }))).toEqual({ ok: false, shortages: [{ index: 0, ...D1, requested: 1, available: 0 }] });
    // another channel takes the rest of the pool, and no more
    expect((await l.reserve(hold([{ ...D1, quantity: 100 }], { channel: 'DTC', holdId: 'd1' }))).ok).toBe(true);
    expect((await l.reserve(hold([{ ...D1, quantity: 1 }], { channel: 'DTC', holdId: 'd2' }))).ok).toBe(false);
    const [p] = await l.getPositions([D1]);
    expect(p).toMatchObject({ reserved: 200, held: { WHOLESALE: 100, DTC: 100 } });
  });

  it('a release gives the channel its room back; a unit buffer comes off before the share', async () => {
    const l = await ledger();
    await stock(l, [[D1, 22]]);
    const mkt = { channel: 'MARKETPLACE' as const, share: 0.5, extraBuffer: () => 2 };
    const a = await l.reserve(hold([{ ...D1, quantity: 10 }], { ...mkt, holdId: 'm1' }));
    if (!a.ok) throw new Error('expected a hold');
    expect((await l.reserve(hold([{ ...D1, quantity: 1 }], { ...mkt, holdId: 'm2' }))).ok).toBe(false);
    await l.release(a.reservations[0]!.id, 11_000);
    expect((await l.reserve(hold([{ ...D1, quantity: 10 }], { ...mkt, holdId: 'm3' }))).ok).toBe(true);
    const [p] = await l.getPositions([D1]);
    expect(p!.held).toEqual({ MARKETPLACE: 10 });
  });

  it('never lets 200 concurrent holds by two channels take a channel past its cap or the pool past on hand', async () => {
    const l = await ledger();
    await stock(l, [[D1, 150]]);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => l.reserve(i % 2 === 0
      ? hold([{ ...D1, quantity: 1 }], { holdId: `w${i}`, share: 0.4 })
      : hold([{ ...D1, quantity: 1 }], { holdId: `r${i}`, channel: 'RETAIL', share: 0.8 }))));
    const ok = (ch: string) => results.filter((r) => r.ok && r.reservations[0]!.channel === ch).length;
    expect(ok('WHOLESALE')).toBe(60);
    expect(ok('RETAIL')).toBe(90);
    const [p] = await l.getPositions([D1]);
    expect(p).toMatchObject({ reserved: 150, held: { WHOLESALE: 60, RETAIL: 90 } });
  });

  it('promises incoming supply once: 200 concurrent backorders against 120 promisable units', async () => {
    const l = await ledger();
    await l.setSupply(D1, [{ document: '4500000002/00010', expectedOn: '2026-12-20', quantity: 70 }, { document: '4500000001/00010', expectedOn: '2026-12-10', quantity: 50 }], 1000);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => l.reserve(hold([{ ...D1, quantity: 1, backorder: true }], { holdId: `b${i}` }))));
    const held = results.flatMap((r) => (r.ok ? r.reservations : []));
    expect(held).toHaveLength(120);
    expect(held.every((r) => r.backorder === true)).toBe(true);
    expect(held.filter((r) => r.promisedOn === '2026-12-10')).toHaveLength(50);
    expect(held.filter((r) => r.promisedOn === '2026-12-20')).toHaveLength(70);
    const [[s]] = await l.getSupply([D1.sku]);
    expect(s!.backorders).toHaveLength(120);
    expect(allocateSupply(s!).remaining).toEqual([]);
    // backorders hold no on hand
    expect((await l.getPositions([D1]))[0]?.reserved ?? 0).toBe(0);
  });

  it('a short PO moves the promise of the last backorders; a release gives units back to promisable', async () => {
    const l = await ledger();
    await l.setSupply(D1, [{ document: 'PO1/10', expectedOn: '2026-12-10', quantity: 10 }], 1000);
    const a = await l.reserve(hold([{ ...D1, quantity: 6, backorder: true }], { holdId: 'a', reference: 'A' }));
    const b = await l.reserve(hold([{ ...D1, quantity: 4, backorder: true }], { holdId: 'b', reference: 'B', now: 10_001 }));
    if (!a.ok || !b.ok) throw new Error('expected holds');
    expect((await l.reserve(hold([{ ...D1, quantity: 1, backorder: true }], { holdId: 'c' }))).ok).toBe(false);
    // the PO comes short (7 of 10) and a later one brings more
    await l.setSupply(D1, [{ document: 'PO1/10', expectedOn: '2026-12-10', quantity: 7 }, { document: 'PO2/10', expectedOn: '2027-01-15', quantity: 5 }], 2000);
    const [[s]] = await l.getSupply([D1.sku]);
    const promises = allocateSupply(s!).promises;
    expect(promises.map((p) => [p.id, p.promisedOn, p.covered, p.documents])).toEqual([
      [a.reservations[0]!.id, '2026-12-10', 6, ['PO1/10']],
      [b.reservations[0]!.id, '2027-01-15', 4, ['PO1/10', 'PO2/10']],
    ]);
    await l.release(a.reservations[0]!.id, 11_000);
    const [[after]] = await l.getSupply([D1.sku]);
    expect(after!.backorders.map((x) => x.id)).toEqual([b.reservations[0]!.id]);
    expect((await l.reserve(hold([{ ...D1, quantity: 8, backorder: true }], { holdId: 'd' }))).ok).toBe(true);
  });

  it('receipt turns backorders into on-hand holds first come first served; a waiting one is never consumed', async () => {
    const l = await ledger();
    await l.setSupply(D2, [{ document: 'PO9/10', expectedOn: '2026-12-10', quantity: 20 }], 1000);
    const ids: string[] = [];
    for (const [i, q] of [[0, 8], [1, 7], [2, 3]] as const) {
      const r = await l.reserve(hold([{ ...D2, quantity: q, backorder: true }], { holdId: `b${i}`, now: 10_000 + i }));
      if (!r.ok) throw new Error('expected a hold');
      ids.push(r.reservations[0]!.id);
    }
    expect(await l.consume(ids[0]!, 12_000, 'SHP-1')).toMatchObject({ ok: false, reservation: { status: 'ACTIVE', backorder: true } });
    // 12 received: the first (8) fits, the second (7) does not, so the third (3) waits behind it
    await l.applyMovement({ ...D2, reason: 'RECEIPT', delta: 12, source: 'WMS', sourceEventId: 'rcpt-1', at: 2000 });
    const first = await l.fillBackorders(D2, 13_000);
    expect(first.map((r) => r.id)).toEqual([ids[0]]);
    expect(first[0]).toMatchObject({ backorder: false, status: 'ACTIVE' });
    expect((await l.getPositions([D2]))[0]).toMatchObject({ onHand: 12, reserved: 8, held: { WHOLESALE: 8 } });
    await l.applyMovement({ ...D2, reason: 'RECEIPT', delta: 8, source: 'WMS', sourceEventId: 'rcpt-2', at: 3000 });
    expect((await l.fillBackorders(D2, 14_000)).map((r) => r.id)).toEqual([ids[1], ids[2]]);
    expect(await l.backorderPositions(14_000)).toEqual([]);
    expect((await l.consume(ids[0]!, 15_000, 'SHP-1')).ok).toBe(true);
    expect((await l.getPositions([D2]))[0]).toMatchObject({ onHand: 12, reserved: 10 });
  });
}
