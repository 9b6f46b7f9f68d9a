import type { LedgerOptions } from '../ledgerInput';
import type { MovementRecord, PositionKey, ReserveRequest, StockLedger } from '../StockLedger';

type OpenLedger = (opts?: LedgerOptions) => Promise<StockLedger>;

const S1: PositionKey = { sku: 'SKU-T', locationId: 'S001' };
const S2: PositionKey = { sku: 'SKU-T', locationId: 'S002' };
const U1: PositionKey = { sku: 'SKU-U', locationId: 'S001' };

function hold(lines: ReserveRequest['lines'], over: Partial<ReserveRequest> = {}): ReserveRequest {
  return { holdId: 'h1', channel: 'DTC', lines, ttlMs: 60_000, now: 10_000, reference: 'ORD-9', actor: 'storefront', ...over };
}

/** what a trail line says, without its times */
const said = (m: MovementRecord) => [m.locationId, m.reason, m.quantity, m.delta, m.after, m.actor, m.sourceDocument ?? null];

/** The audit trail: every change of every quantity, by position and by document. */
export function auditContract(ledger: OpenLedger): void {
  it('records holds, releases, expiries and consumption as RESERVED lines, with the actor and the hold reference', async () => {
    const l = await ledger();
    await l.loadSnapshot([{ ...S1, onHand: 10, at: 1000, source: 'POS' }]);
    const a = await l.reserve(hold([{ ...S1, quantity: 3 }]));
    const b = await l.reserve(hold([{ ...S1, quantity: 2 }], { holdId: 'h2', reference: 'ORD-10', ttlMs: 1 }));
    const c = await l.reserve(hold([{ ...S1, quantity: 1 }], { holdId: 'h3', reference: null }));
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected holds');
    await l.consume(a.reservations[0]!.id, 20_000, 'SHIP-9', 'ops-app');
    await l.expireDue(20_000);
    await l.release(c.reservations[0]!.id, 20_000, 'storefront');
    const lines = (await l.history(S1, 20)).movements;
    expect(lines.map(said)).toEqual([
      ['S001', 'RELEASE', 'RESERVED', -1, 0, 'storefront', null],
      ['S001', 'EXPIRY', 'RESERVED', -2, 1, 'system:expiry', 'ORD-10'],
      ['S001', 'FULFILLMENT', 'ON_HAND', -3, 7, 'ops-app', 'SHIP-9'],
      ['S001', 'FULFILLMENT', 'RESERVED', -3, 3, 'ops-app', 'SHIP-9'],
      ['S001', 'RESERVATION', 'RESERVED', 1, 6, 'storefront', null],
      ['S001', 'RESERVATION', 'RESERVED', 2, 5, 'storefront', 'ORD-10'],
      ['S001', 'RESERVATION', 'RESERVED', 3, 3, 'storefront', 'ORD-9'],
    ]);
    expect(lines.every((m) => m.source === 'LEDGER' && m.onHandAfter === (m.quantity === 'ON_HAND' || m.reason === 'RELEASE' || m.reason === 'EXPIRY' ? 7 : m.reason === 'FULFILLMENT' ? 7 : 10))).toBe(true);
    // the order's own document lists its hold and what consuming it did, and nothing of the others
    expect((await l.documentTrail('ORD-9', 50)).map(said)).toEqual([
      ['S001', 'FULFILLMENT', 'ON_HAND', -3, 7, 'ops-app', 'SHIP-9'],
      ['S001', 'FULFILLMENT', 'RESERVED', -3, 3, 'ops-app', 'SHIP-9'],
      ['S001', 'RESERVATION', 'RESERVED', 3, 3, 'storefront', 'ORD-9'],
    ]);
    expect((await l.documentTrail('SHIP-9', 50))).toHaveLength(2);
  });

  it('records safety stock, incoming and snapshot corrections, and not a first load', async () => {
    const l = await ledger();
    await l.loadSnapshot([{ ...S1, onHand: 10, at: 1000, source: 'POS' }]);
    expect((await l.history(S1, 10)).movements).toEqual([]);
    await l.setSafetyStock(S1, 4, 2000, 'planner');
    await l.setSafetyStock(S1, 4, 2500, 'planner');
    await l.setIncoming(S1, 30, 3000, 'ERP');
    await l.loadSnapshot([{ ...S1, onHand: 12, at: 4000, source: 'POS' }]);
    await l.loadSnapshot([{ ...S1, onHand: 12, at: 5000, source: 'POS' }]);
    expect((await l.history(S1, 10)).movements.map((m) => [m.reason, m.quantity, m.delta, m.after, m.actor, m.source])).toEqual([
      ['SNAPSHOT', 'ON_HAND', 2, 12, 'POS', 'POS'],
      ['INCOMING', 'INCOMING', 30, 30, 'ERP', 'ERP'],
      ['SAFETY_STOCK', 'SAFETY_STOCK', 4, 4, 'planner', 'LEDGER'],
    ]);
  });

  it('names the actor of an on-hand movement, by default its source system', async () => {
    const l = await ledger();
    await l.applyMovement({ ...S1, reason: 'SALE', delta: -1, source: 'POS', sourceEventId: 'x1', sourceDocument: 'TXN-1', at: 1000 });
    await l.applyMovement({ ...S1, reason: 'ADJUSTMENT', delta: 5, source: 'WMS', sourceEventId: 'x2', sourceDocument: 'TXN-1', at: 1001, actor: 'ops-app' });
    expect((await l.history(S1, 10)).movements.map((m) => [m.quantity, m.delta, m.after, m.actor])).toEqual([['ON_HAND', 5, 4, 'ops-app'], ['ON_HAND', -1, -1, 'POS']]);
    expect((await l.documentTrail('TXN-1', 10)).map((m) => m.sourceEventId)).toEqual(['x2', 'x1']);
  });

  it('ships a transfer hold into transit at the destination and receives it there once, shortage and all', async () => {
    const l = await ledger();
    await l.loadSnapshot([{ ...S1, onHand: 10, at: 1000, source: 'POS' }, { ...S2, onHand: 1, at: 1000, source: 'POS' }]);
    const h = await l.reserve(hold([{ ...S1, quantity: 6 }], { reference: 'TR-1', actor: 'ops' }));
    if (!h.ok) throw new Error('expected a hold');
    const shipped = await l.shipTransfer(h.reservations[0]!.id, S2.locationId, 'TR-1', 20_000, 'ops');
    expect(shipped).toMatchObject({ ok: true, reservation: { status: 'CONSUMED' } });
    expect((await l.shipTransfer(h.reservations[0]!.id, S2.locationId, 'TR-1', 20_001, 'ops')).ok).toBe(false);
    let [from, to] = await l.getPositions([S1, S2]);
    expect([from!.onHand, from!.reserved, from!.inTransit ?? 0]).toEqual([4, 0, 0]);
    expect([to!.onHand, to!.reserved, to!.inTransit]).toEqual([1, 0, 6]);
    const receipt = { ...S2, shipped: 6, received: 5, document: 'TR-1', eventId: 'TR-1:receive', now: 30_000, actor: 'ops' };
    expect((await l.receiveTransfer(receipt)).outcome).toBe('APPLIED');
    expect((await l.receiveTransfer(receipt)).outcome).toBe('DUPLICATE');
    [from, to] = await l.getPositions([S1, S2]);
    expect([to!.onHand, to!.inTransit ?? 0]).toEqual([6, 0]);
    // the transfer's document lists every movement it caused, at both ends, newest first
    expect((await l.documentTrail('TR-1', 50)).map(said)).toEqual([
      ['S002', 'TRANSFER_IN', 'ON_HAND', 5, 6, 'ops', 'TR-1'],
      ['S002', 'TRANSFER_IN', 'IN_TRANSIT', -6, 0, 'ops', 'TR-1'],
      ['S002', 'TRANSFER_OUT', 'IN_TRANSIT', 6, 6, 'ops', 'TR-1'],
      ['S001', 'TRANSFER_OUT', 'ON_HAND', -6, 4, 'ops', 'TR-1'],
      ['S001', 'TRANSFER_OUT', 'RESERVED', -6, 0, 'ops', 'TR-1'],
      ['S001', 'RESERVATION', 'RESERVED', 6, 6, 'ops', 'TR-1'],
    ]);
  });

  it('lists a document over several SKUs, and keeps at most its cap of lines per SKU', async () => {
    const l = await ledger({ documentTrailCap: 2 });
    await l.loadSnapshot([{ ...S1, onHand: 10, at: 1000, source: 'POS' }, { ...U1, onHand: 10, at: 1000, source: 'POS' }]);
    for (let i = 0; i < 3; i++) await l.applyMovement({ ...S1, reason: 'SALE', delta: -1, source: 'POS', sourceEventId: `s${i}`, sourceDocument: 'DOC', at: 2000 + i });
    await l.applyMovement({ ...U1, reason: 'SALE', delta: -1, source: 'POS', sourceEventId: 'u0', sourceDocument: 'DOC', at: 2000 });
    const trail = await l.documentTrail('DOC', 10);
    expect(trail.map((m) => m.sourceEventId).sort()).toEqual(['s1', 's2', 'u0']);
    expect(await l.documentTrail('NONE', 10)).toEqual([]);
    expect(await l.documentTrail('DOC', 1)).toHaveLength(1);
  });
}
