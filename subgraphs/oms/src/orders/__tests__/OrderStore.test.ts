import { MemoryKeyValueStore } from '@stockgraph/shared';
import { OrderStore, openUnits, type OrderRecord } from '../OrderStore';

const order = (id: string, externalId: string, clientId: string | null, callerRef = true): OrderRecord => ({
  id, externalId, channel: 'DTC', status: 'OPEN', createdAt: 1, destination: null, pickupLocationId: null, shipmentIds: [], clientId, callerRef,
});

describe('OrderStore.findOrder', () => {
  it('finds an order by its OMS number, or by the orderId its own client gave; another client’s reference finds nothing', async () => {
    const store = new OrderStore(new MemoryKeyValueStore());
    await store.saveOrder(order('OMS-000001', 'A-1', 'web-shop'), []);
    await store.saveOrder(order('OMS-000002', 'A-1', 'marketplace-hub'), []);
    await store.saveOrder(order('OMS-000003', 'ORD-made-up', 'web-shop', false), []);
    expect((await store.findOrder('A-1', 'web-shop'))?.id).toBe('OMS-000001');
    expect((await store.findOrder('A-1', 'marketplace-hub'))?.id).toBe('OMS-000002');
    expect(await store.findOrder('A-1', 'someone-else')).toBeNull();
    expect((await store.findOrder('OMS-000002', 'web-shop'))?.id).toBe('OMS-000002');
    // a reference the graph made up for an order without one is not the caller's
    expect(await store.findOrder('ORD-made-up', 'web-shop')).toBeNull();
  });

  it('runs one change of an order at a time', async () => {
    const store = new OrderStore(new MemoryKeyValueStore());
    const seen: string[] = [];
    const step = (name: string) => store.withOrderLock('OMS-1', async () => {
      seen.push(`${name}:in`);
      await new Promise((r) => setTimeout(r, 20));
      seen.push(`${name}:out`);
    });
    await Promise.all([step('a'), step('b')]);
    expect([seen.slice(0, 2), seen.slice(2)].map((pair) => pair[0]!.split(':')[0] === pair[1]!.split(':')[0])).toEqual([true, true]);
  });

  it('counts a line’s open units as neither shipped nor cancelled', () => {
    expect(openUnits({ sku: 'S', quantity: 5, backorder: false, reservationId: null, omsLineNo: 1, fulfilled: 2, cancelled: 1 })).toBe(2);
  });
});
