import { planRoute } from '../planRoute';
import type { RoutingPlan, RoutingRequest } from '../routingTypes';
import { dc, delivery, north, pickupAt, stock, store } from './routingFixtures';

const network = {
  candidates: [dc('D1', north(40)), store('S1', north(2)), store('S2', north(9), { capabilities: ['PICKUP_IN_STORE'] })],
  stock: [...stock('D1', { A: 5, B: 5, D: 5 }), ...stock('S1', { A: 1 })],
};

interface Row { name: string; req: RoutingRequest; check: (plan: RoutingPlan) => void }

const rows: Row[] = [
  {
    name: 'lines with a quantity that is not a positive integer come back unassigned as given',
    req: delivery({ ...network, lines: [{ sku: 'A', quantity: 0 }, { sku: 'B', quantity: -1 }, { sku: 'C', quantity: 1.5 }, { sku: 'D', quantity: 2 }] }),
    check: (plan) => {
      expect(plan.shipments.flatMap((s) => s.lines.map((l) => `${l.sku}${l.quantity}`))).toEqual(['D2']);
      expect(plan.unassigned).toEqual([
        { sku: 'A', quantity: 0, reason: 'INVALID_QUANTITY' }, { sku: 'B', quantity: -1, reason: 'INVALID_QUANTITY' }, { sku: 'C', quantity: 1.5, reason: 'INVALID_QUANTITY' },
      ]);
    },
  },
  {
    name: 'the same SKU on two lines is routed as one line',
    req: delivery({ ...network, lines: [{ sku: 'B', quantity: 1 }, { sku: 'B', quantity: 2 }] }),
    check: (plan) => expect(plan.shipments.map((s) => s.lines)).toEqual([[{ sku: 'B', quantity: 3, backorder: false }]]),
  },
  {
    name: 'an unknown pickup store refuses every line',
    req: pickupAt('S404', { ...network, lines: [{ sku: 'A', quantity: 1 }] }),
    check: (plan) => {
      expect(plan.shipments).toEqual([]);
      expect(plan.unassigned).toEqual([{ sku: 'A', quantity: 1, reason: 'UNKNOWN_PICKUP_LOCATION' }]);
      expect(new Set(plan.rejected.map((r) => r.reason))).toEqual(new Set(['NOT_ELIGIBLE']));
    },
  },
  {
    name: 'a DC cannot be a pickup point',
    req: pickupAt('D1', { ...network, lines: [{ sku: 'A', quantity: 1 }] }),
    check: (plan) => expect(plan.unassigned).toEqual([{ sku: 'A', quantity: 1, reason: 'PICKUP_NOT_AVAILABLE' }]),
  },
  {
    name: 'a channel without click-and-collect refuses a pickup',
    req: { ...pickupAt('S1', { ...network, lines: [{ sku: 'A', quantity: 1 }] }), channel: 'WHOLESALE' },
    check: (plan) => expect(plan.unassigned).toEqual([{ sku: 'A', quantity: 1, reason: 'METHOD_NOT_ALLOWED' }]),
  },
  {
    name: 'a destination that is not a point on Earth refuses every line',
    req: delivery({ ...network, lines: [{ sku: 'A', quantity: 1 }] }, { lat: Number.NaN, lng: 0 }),
    check: (plan) => expect(plan.unassigned).toEqual([{ sku: 'A', quantity: 1, reason: 'INVALID_DESTINATION' }]),
  },
  {
    name: 'a location that does not serve the channel is not eligible',
    req: delivery({ ...network, candidates: [dc('D1', north(40), { channels: ['WHOLESALE'] }), store('S1', north(2))], lines: [{ sku: 'B', quantity: 1 }] }),
    check: (plan) => {
      expect(plan.unassigned).toEqual([{ sku: 'B', quantity: 1, reason: 'NO_STOCK' }]);
      expect(plan.rejected).toContainEqual({ locationId: 'D1', reason: 'NOT_ELIGIBLE', detail: 'does not serve DTC' });
    },
  },
  {
    name: 'store capacity shared by two lines is used where only that store can help',
    req: delivery({
      candidates: [store('S1', north(1), { remainingCapacity: 1 }), store('S2', north(3))],
      stock: [...stock('S1', { A: 1, B: 1 }), ...stock('S2', { A: 1 })],
      lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }],
    }),
    check: (plan) => {
      expect(plan.unassigned).toEqual([]);
      expect(plan.shipments.map((s) => [s.locationId, s.lines.map((l) => l.sku).join()])).toEqual([['S1', 'B'], ['S2', 'A']]);
      expect(plan.shipments.map((s) => s.reason)).toEqual(['ONLY_SOURCE', 'LEAST_COST_SPLIT']);
    },
  },
  {
    name: 'stock only at a store with no capacity left is unassigned for capacity',
    req: delivery({ candidates: [store('S1', north(1), { remainingCapacity: 0 })], stock: stock('S1', { A: 3 }), lines: [{ sku: 'A', quantity: 1 }] }),
    check: (plan) => expect(plan.unassigned).toEqual([{ sku: 'A', quantity: 1, reason: 'NO_CAPACITY' }]),
  },
  {
    name: 'negative or non-numeric stock counts as none',
    req: delivery({ candidates: [dc('D1', north(5))], stock: [{ sku: 'A', locationId: 'D1', available: -4 }, { sku: 'B', locationId: 'D1', available: Number.NaN }], lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }] }),
    check: (plan) => {
      expect(plan.shipments).toEqual([]);
      expect(plan.unassigned.map((u) => u.reason)).toEqual(['NO_STOCK', 'NO_STOCK']);
    },
  },
  {
    name: 'an empty order is an empty plan',
    req: delivery({ ...network, lines: [] }),
    check: (plan) => expect([plan.shipments, plan.unassigned, plan.totalCost, plan.splitCount]).toEqual([[], [], 0, 0]),
  },
  {
    name: 'with a clock, each shipment carries the time it is promised by',
    req: { ...delivery({ ...network, lines: [{ sku: 'B', quantity: 1 }] }), now: Date.UTC(2024, 5, 1, 8) },
    check: (plan) => {
      const s = plan.shipments[0];
      expect(Date.parse(s.promisedBy as string) - Date.UTC(2024, 5, 1, 8)).toBe(Math.ceil(s.promiseHours * 3600) * 1000);
    },
  },
];

describe('planRoute on awkward requests', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => row.check(planRoute(row.req)));
});
