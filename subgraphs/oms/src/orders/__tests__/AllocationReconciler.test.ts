import { createLogger, MemoryKeyValueStore, MemoryLedger } from '@stockgraph/shared';
import { OmsSimulator } from '@stockgraph/simulators';
import { generateWorld } from '@stockgraph/simulators';
import { OmsClient } from '../../legacy/OmsClient';
import { AllocationReconciler } from '../AllocationReconciler';
import { OrderStore, type ShipmentRecord } from '../OrderStore';

describe('AllocationReconciler', () => {
  const world = generateWorld({});
  const sim = new OmsSimulator(world);
  let client: OmsClient;
  const logger = createLogger('test');
  const item = world.items[0];
  const plant = world.locations.find((l) => l.type === 'DC')!.plant;

  beforeAll(async () => {
    const { url } = await sim.start();
    client = new OmsClient({ baseUrl: url, timeoutMs: 2000 });
  });
  afterAll(() => sim.close());

  async function routedOrder(ledger: MemoryLedger, orders: OrderStore, key: string) {
    await ledger.loadSnapshot([{ sku: 'SKU-A', locationId: plant, onHand: 10, at: 1, source: 'WMS' }]);
    const held = await ledger.reserve({ holdId: key, channel: 'DTC', lines: [{ sku: 'SKU-A', locationId: plant, quantity: 3 }], ttlMs: 60_000, now: Date.now() });
    if (!held.ok) throw new Error('setup: hold failed');
    const written = await client.createOrder(
      { externalId: key, channel: 'DTC', shipTo: { lat: 51.5, lng: -0.1 }, pickupPlant: null, lines: [{ lineNo: 1, sku: item.ecomSku, qty: 3, plant, method: 'SHIP_FROM_DC', shipmentRef: `${key}-S1` }] },
      key,
    );
    if (!written.ok) throw new Error(`setup: OMS refused ${written.refusal}`);
    const shipment: ShipmentRecord = {
      id: `${key}-S1`, orderId: written.value.orderId, status: 'PLANNED', locationId: plant, method: 'SHIP_FROM_DC', transferTo: null,
      lines: [{ sku: 'SKU-A', quantity: 3, backorder: false, reservationId: held.reservations[0].id, omsLineNo: 1 }],
      distanceKm: 10, cost: 5, promisedBy: null, reason: 'test', readyAt: null, fulfilledAt: null, collectBy: null,
    };
    await orders.saveOrder({ id: written.value.orderId, externalId: key, channel: 'DTC', status: 'OPEN', createdAt: Date.now(), destination: null, pickupLocationId: null, shipmentIds: [shipment.id] }, [shipment]);
    return { orderId: written.value.orderId, reservationId: held.reservations[0].id };
  }

  it('holds again an open OMS allocation whose hold was lost, and records the repair', async () => {
    const ledger = new MemoryLedger();
    const orders = new OrderStore(new MemoryKeyValueStore());
    const { reservationId } = await routedOrder(ledger, orders, 'rec-1');
    await ledger.release(reservationId, Date.now()); // the drift: the hold is gone, the OMS still has the allocation
    expect((await ledger.getPositions([{ sku: 'SKU-A', locationId: plant }]))[0]!.reserved).toBe(0);

    const repairs = await new AllocationReconciler({ ledger, orders, oms: client, logger, holdTtlMs: 60_000 }).run();
    expect(repairs).toEqual([expect.objectContaining({ kind: 'REHELD', quantity: 3, sku: 'SKU-A', locationId: plant })]);
    expect((await ledger.getPositions([{ sku: 'SKU-A', locationId: plant }]))[0]!.reserved).toBe(3);
    expect(await orders.repairs()).toHaveLength(1);
    // a second run finds nothing to repair
    expect(await new AllocationReconciler({ ledger, orders, oms: client, logger, holdTtlMs: 60_000 }).run()).toEqual([]);
  });

  it('releases a hold whose order the OMS cancelled', async () => {
    const ledger = new MemoryLedger();
    const orders = new OrderStore(new MemoryKeyValueStore());
    const { orderId } = await routedOrder(ledger, orders, 'rec-2');
    await client.cancelOrder(orderId, 'cancel-rec-2');
    const repairs = await new AllocationReconciler({ ledger, orders, oms: client, logger, holdTtlMs: 60_000 }).run();
    expect(repairs).toEqual([expect.objectContaining({ kind: 'RELEASED', quantity: 3 })]);
    expect((await ledger.getPositions([{ sku: 'SKU-A', locationId: plant }]))[0]!.reserved).toBe(0);
  });

  it('holds an open allocation of a routed order whose record the graph lost (a Redis failover), once, and lets it go when the OMS closes it', async () => {
    const ledger = new MemoryLedger();
    const orders = new OrderStore(new MemoryKeyValueStore());
    await ledger.loadSnapshot([{ sku: 'SKU-A', locationId: plant, onHand: 10, at: 1, source: 'WMS' }]);
    // the OMS has the order routeOrder wrote; the graph's record of it and its hold are gone
    const written = await client.createOrder(
      { externalId: 'lost-1', channel: 'DTC', shipTo: { lat: 51.5, lng: -0.1 }, pickupPlant: null, lines: [{ lineNo: 1, sku: item.ecomSku, qty: 4, plant, method: 'SHIP_FROM_DC', shipmentRef: 'lost-1-0123abcd-S1' }] },
      'lost-1',
    );
    if (!written.ok) throw new Error(`setup: OMS refused ${written.refusal}`);
    const reconciler = new AllocationReconciler({ ledger, orders, oms: client, logger, holdTtlMs: 60_000, resolveSku: (c) => (c === item.ecomSku ? 'SKU-A' : undefined) });
    const reserved = async () => (await ledger.getPositions([{ sku: 'SKU-A', locationId: plant }]))[0]!.reserved;

    expect(await reconciler.run()).toEqual([expect.objectContaining({ kind: 'REHELD', orderId: written.value.orderId, quantity: 4, sku: 'SKU-A', locationId: plant })]);
    expect(await reserved()).toBe(4);
    // the next run finds it held
    expect(await reconciler.run()).toEqual([]);
    expect(await reserved()).toBe(4);

    await client.cancelOrder(written.value.orderId, 'cancel-lost-1');
    expect(await reconciler.run()).toEqual([expect.objectContaining({ kind: 'RELEASED', orderId: written.value.orderId, quantity: 4 })]);
    expect(await reserved()).toBe(0);
    expect(await orders.lostOrderHolds()).toEqual({});
  });
});
