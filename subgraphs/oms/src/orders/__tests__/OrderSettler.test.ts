import { createLogger, MemoryKeyValueStore, MemoryLedger } from '@stockgraph/shared';
import type { OmsOrderState } from '../../legacy/OmsClient';
import { OrderSettler } from '../OrderSettler';
import { OrderStore, type ShipmentRecord } from '../OrderStore';

/*
 * Settling an order from the OMS's figures: shipped units leave on hand once, cancelled units give
 * their hold back, and the same figures (or older ones) applied again change nothing.
 */
async function setup() {
  const ledger = new MemoryLedger();
  const orders = new OrderStore(new MemoryKeyValueStore());
  const settler = new OrderSettler({ ledger, orders, logger: createLogger('test', 'silent'), holdTtlMs: 3_600_000 });
  await ledger.loadSnapshot([{ sku: 'SKU-A', locationId: 'D001', onHand: 10, at: 1, source: 'WMS' }]);
  const held = await ledger.reserve({ holdId: 'O-1', channel: 'DTC', lines: [{ sku: 'SKU-A', locationId: 'D001', quantity: 4 }], ttlMs: 3_600_000, now: Date.now() });
  if (!held.ok) throw new Error('setup: hold failed');
  const shipment: ShipmentRecord = {
    id: 'A-1-S1', orderId: 'OMS-1', status: 'PLANNED', locationId: 'D001', method: 'SHIP_FROM_DC', transferTo: null,
    lines: [{ sku: 'SKU-A', quantity: 4, backorder: false, reservationId: held.reservations[0]!.id, omsLineNo: 1 }],
    distanceKm: 1, cost: 1, promisedBy: null, reason: 'test', readyAt: null, fulfilledAt: null, collectBy: null,
  };
  await orders.saveOrder({ id: 'OMS-1', externalId: 'A-1', channel: 'DTC', status: 'OPEN', createdAt: 1, destination: null, pickupLocationId: null, shipmentIds: [shipment.id] }, [shipment]);
  const position = async () => (await ledger.getPositions([{ sku: 'SKU-A', locationId: 'D001' }]))[0]!;
  return { ledger, orders, settler, position };
}

const state = (status: OmsOrderState['status'], fulfilledQty: number, cancelledQty: number): OmsOrderState => ({
  status, lines: [{ lineNo: 1, qty: 4, plant: 'D001', shipmentRef: 'A-1-S1', fulfilledQty, cancelledQty, returnedQty: 0 }],
});

describe('OrderSettler', () => {
  it('gives cancelled units their hold back, ships the rest once, and ends FULFILLED with the status the OMS reports', async () => {
    const { settler, position, orders } = await setup();
    await settler.settle('OMS-1', state('PARTIALLY_CANCELLED', 0, 1));
    expect(await position()).toMatchObject({ onHand: 10, reserved: 3 });
    await settler.settle('OMS-1', state('PARTIALLY_CANCELLED', 0, 1));
    expect(await position()).toMatchObject({ onHand: 10, reserved: 3 });

    await settler.settle('OMS-1', state('PARTIALLY_CANCELLED', 2, 1));
    expect(await position()).toMatchObject({ onHand: 8, reserved: 1 });
    // an older report arriving late changes nothing
    await settler.settle('OMS-1', state('PARTIALLY_CANCELLED', 0, 1));
    await settler.settle('OMS-1', state('PARTIALLY_CANCELLED', 2, 1));
    expect(await position()).toMatchObject({ onHand: 8, reserved: 1 });

    const done = await settler.settle('OMS-1', state('PARTIALLY_CANCELLED', 3, 1));
    expect(await position()).toMatchObject({ onHand: 7, reserved: 0 });
    expect(done!.order.status).toBe('PARTIALLY_CANCELLED');
    expect(done!.shipments[0]).toMatchObject({ status: 'FULFILLED', lines: [{ fulfilled: 3, cancelled: 1 }] });
    expect(await orders.openOrderIds()).toEqual([]);
  });

  it('settles an order cancelled whole: the hold released, the shipment CANCELLED', async () => {
    const { settler, position } = await setup();
    const out = await settler.settle('OMS-1', state('CANCELLED', 0, 4));
    expect(await position()).toMatchObject({ onHand: 10, reserved: 0 });
    expect(out!.shipments[0]!.status).toBe('CANCELLED');
    expect(out!.order.status).toBe('CANCELLED');
  });

  it('keeps the newest status when an older report is settled after a newer one (concurrent cancels answered out of order)', async () => {
    const { settler, position, orders } = await setup();
    // two cancels written to the OMS one after the other; the second's answer is settled first
    await settler.settle('OMS-1', state('CANCELLED', 0, 4));
    const late = await settler.settle('OMS-1', state('PARTIALLY_CANCELLED', 0, 1));
    expect(late!.order.status).toBe('CANCELLED');
    expect((await orders.order('OMS-1'))!.status).toBe('CANCELLED');
    expect(late!.shipments[0]).toMatchObject({ status: 'CANCELLED', lines: [{ cancelled: 4 }] });
    expect(await position()).toMatchObject({ onHand: 10, reserved: 0 });
    // a newer report still moves it on
    const { settler: s2, orders: o2 } = await setup();
    await s2.settle('OMS-1', state('PARTIALLY_CANCELLED', 0, 1));
    await s2.settle('OMS-1', state('PARTIALLY_CANCELLED', 0, 1));
    expect((await o2.order('OMS-1'))!.status).toBe('PARTIALLY_CANCELLED');
    await s2.settle('OMS-1', state('CANCELLED', 0, 4));
    expect((await o2.order('OMS-1'))!.status).toBe('CANCELLED');
  });

  it('settles concurrent reports of one order one at a time: nothing shipped twice', async () => {
    const { settler, position } = await setup();
    await Promise.all([1, 2, 3, 4, 4, 2].map((n) => settler.settle('OMS-1', state(n === 4 ? 'FULFILLED' : 'PARTIALLY_FULFILLED', n, 0))));
    expect(await position()).toMatchObject({ onHand: 6, reserved: 0 });
  });
});
