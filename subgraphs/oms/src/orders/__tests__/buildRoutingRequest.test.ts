import { MemoryKeyValueStore, MemoryLedger, type Location } from '@stockgraph/shared';
import { DEFAULT_CHANNEL_POLICIES } from '@stockgraph/shared/availability';
import { Registry } from '@stockgraph/shared/registry';
import { buildRoutingRequest } from '../buildRoutingRequest';
import { OrderStore } from '../OrderStore';

const loc = (id: string, type: Location['type'], caps: Location['capabilities'], dailyCapacity: number): Location => ({
  id, name: id, type, geo: { lat: 52, lng: -1 }, capabilities: caps, dailyCapacity, localCodes: [],
});

describe('buildRoutingRequest', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  const setup = async (onHand: Record<string, number>) => {
    const kv = new MemoryKeyValueStore();
    const registry = new Registry(kv);
    const locations = [
      loc('D1', 'DISTRIBUTION_CENTER', ['SHIP_FROM_DC', 'TRANSFER'], 100000),
      loc('S1', 'STORE', ['SHIP_FROM_STORE', 'PICKUP_IN_STORE', 'TRANSFER'], 2),
    ];
    await registry.write({ skus: [{ id: 'A', name: 'A', gtin: null, category: null, localCodes: [], packSize: null }], locations, unmapped: [], conflicts: [], builtAt: now });
    const ledger = new MemoryLedger();
    await ledger.loadSnapshot(Object.entries(onHand).map(([locationId, n]) => ({ sku: 'A', locationId, onHand: n, at: 1, source: 'WMS' as const })));
    const orders = new OrderStore(kv);
    const build = (input: Record<string, unknown>, backorder = false) =>
      buildRoutingRequest({ channel: 'DTC', lines: [{ sku: 'A', quantity: 3 }], ...input }, { ledger, registry, orders, policy: DEFAULT_CHANNEL_POLICIES.DTC, backorder }, now);
    return { orders, build, ledger };
  };

  it("counts a store's capacity in orders: one left takes any number of units, none left takes nothing", async () => {
    const { orders, build } = await setup({ D1: 10, S1: 10 });
    const cap = async () => (await build({ destination: { lat: 52, lng: -1 } })).candidates.find((c) => c.id === 'S1')!.remainingCapacity;
    expect(await cap()).toBeUndefined();
    expect(await orders.takePick('S1', 2, now)).toBe(true);
    expect(await cap()).toBeUndefined();
    expect(await orders.takePick('S1', 2, now)).toBe(true);
    expect(await cap()).toBe(0);
    expect(await orders.takePick('S1', 2, now)).toBe(false);
    await orders.givePickBack('S1', now);
    expect(await cap()).toBeUndefined();
  });

  it('offers only the pickup store when its own shelf has every line, every location otherwise', async () => {
    const full = await setup({ D1: 10, S1: 3 });
    expect((await full.build({ pickupLocationId: 'S1' })).candidates.map((c) => c.id)).toEqual(['S1']);
    const short = await setup({ D1: 10, S1: 2 });
    expect((await short.build({ pickupLocationId: 'S1' })).candidates.map((c) => c.id).sort()).toEqual(['D1', 'S1']);
  });

  it('offers a backorder leg only what the position can still promise, when backorders are allowed', async () => {
    const { build, ledger } = await setup({ D1: 0 });
    await ledger.setSupply({ sku: 'A', locationId: 'D1' }, [{ document: 'PO1/10', expectedOn: '2026-11-28', quantity: 2 }, { document: 'PO2/10', expectedOn: '2026-12-03', quantity: 5 }], 1);
    const taken = await ledger.reserve({ holdId: 'h', channel: 'WHOLESALE', lines: [{ sku: 'A', locationId: 'D1', quantity: 1, backorder: true }], ttlMs: 1000, now });
    expect(taken.ok).toBe(true);
    const dest = { destination: { lat: 52, lng: -1 } };
    expect((await build(dest, false)).stock).toEqual([]);
    const req = await build(dest, true);
    expect(req.allowBackorder).toBe(true);
    // 6 left; 3 wanted: 1 from PO1 (Nov 28) and 2 from PO2, so the leg waits for Dec 3
    expect(req.stock).toEqual([{ sku: 'A', locationId: 'D1', available: 0, incoming: 6, incomingEtaHours: (Date.parse('2026-12-03T00:00:00Z') - now) / 3600_000 }]);
  });
});
