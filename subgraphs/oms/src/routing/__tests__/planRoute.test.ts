import { distanceKm } from '@stockgraph/shared';
import { planRoute } from '../planRoute';
import { parseRoutingConfig, type RoutingConfig } from '../routingConfig';
import type { RoutingPlan, RoutingRequest } from '../routingTypes';
import { LONDON, dc, delivery, north, pickupAt, stock, store } from './routingFixtures';

/** Every ordered unit is either in a shipment or unassigned, and the totals add up. */
function expectConsistent(req: RoutingRequest, plan: RoutingPlan): void {
  const ordered = new Map<string, number>();
  for (const l of req.lines) if (l.quantity > 0) ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.quantity);
  const planned = new Map<string, number>();
  for (const s of plan.shipments) for (const l of s.lines) planned.set(l.sku, (planned.get(l.sku) ?? 0) + l.quantity);
  for (const u of plan.unassigned) if (u.reason !== 'INVALID_QUANTITY') planned.set(u.sku, (planned.get(u.sku) ?? 0) + u.quantity);
  expect(planned).toEqual(ordered);
  expect(plan.splitCount).toBe(Math.max(0, plan.shipments.length - 1));
  expect(plan.totalCost).toBeCloseTo(plan.shipments.reduce((s, x) => s + x.cost, 0) + plan.splitPenaltyCost, 6);
}

interface Row { name: string; req: RoutingRequest; config?: RoutingConfig; check: (plan: RoutingPlan, config: RoutingConfig) => void }

const flatKm = parseRoutingConfig({ cost: { perKm: { SHIP_FROM_DC: 0, SHIP_FROM_STORE: 0, PICKUP_IN_STORE: 0 } } });
const splitConfig = (splitPenalty: number) => parseRoutingConfig({
  cost: { perShipment: { STORE: 1, DISTRIBUTION_CENTER: 1 }, perUnit: { STORE: 0, DISTRIBUTION_CENTER: 0 },
    perKm: { SHIP_FROM_DC: 0.1, SHIP_FROM_STORE: 0.1, PICKUP_IN_STORE: 0.1 }, splitPenalty },
});
const splitNetwork = {
  candidates: [dc('D1', north(100)), store('S1', north(5)), store('S2', north(-5))],
  stock: [...stock('D1', { A: 1, B: 1 }), ...stock('S1', { A: 1 }), ...stock('S2', { B: 1 })],
  lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }],
};
const slaConfig = (slaHours: number | null) => parseRoutingConfig({ cost: { perShipment: { STORE: 20 } }, channels: { DTC: { slaHours } } });
const slaNetwork = { candidates: [dc('D1', north(300)), store('S1', north(10))], stock: [...stock('D1', { A: 5 }), ...stock('S1', { A: 5 })], lines: [{ sku: 'A', quantity: 1 }] };

const rows: Row[] = [
  {
    name: 'one location holding everything ships it all in one shipment',
    req: delivery({
      candidates: [dc('D1', north(60)), store('S1', north(2)), store('S2', north(3)), store('S3', north(4))],
      stock: [...stock('D1', { A: 5, B: 5, C: 5 }), ...stock('S1', { A: 1 }), ...stock('S2', { B: 1 }), ...stock('S3', { C: 1 })],
      lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }, { sku: 'C', quantity: 1 }],
    }),
    check: (plan, config) => {
      expect(plan.shipments.map((s) => [s.locationId, s.reason])).toEqual([['D1', 'FULL_COVER']]);
      expect(plan.shipments[0].lines.map((l) => `${l.sku}${l.quantity}`)).toEqual(['A1', 'B1', 'C1']);
      const km = distanceKm(north(60), LONDON);
      expect(plan.totalCost).toBeCloseTo(config.cost.perShipment.DISTRIBUTION_CENTER + config.cost.perKm.SHIP_FROM_DC * km + 3 * config.cost.perUnit.DISTRIBUTION_CENTER, 4);
      expect(plan.rejected.map((r) => `${r.locationId}:${r.reason}`).sort()).toEqual(['S1:COSTLIER', 'S2:COSTLIER', 'S3:COSTLIER']);
    },
  },
  {
    name: 'on equal cost the nearest location wins, whatever its id',
    config: flatKm,
    req: delivery({ candidates: [store('S1', north(30)), store('S9', north(5))], stock: [...stock('S1', { A: 2 }), ...stock('S9', { A: 2 })], lines: [{ sku: 'A', quantity: 1 }] }),
    check: (plan) => expect(plan.shipments.map((s) => s.locationId)).toEqual(['S9']),
  },
  {
    name: 'on equal cost and distance the lower id wins',
    config: flatKm,
    req: delivery({ candidates: [store('S5', north(7)), store('S4', north(7))], stock: [...stock('S5', { A: 2 }), ...stock('S4', { A: 2 })], lines: [{ sku: 'A', quantity: 1 }] }),
    check: (plan) => expect(plan.shipments.map((s) => s.locationId)).toEqual(['S4']),
  },
  {
    name: 'a store with no capacity left passes to the next store',
    req: delivery({ candidates: [store('S1', north(2), { remainingCapacity: 0 }), store('S2', north(8))], stock: [...stock('S1', { A: 2 }), ...stock('S2', { A: 2 })], lines: [{ sku: 'A', quantity: 2 }] }),
    check: (plan) => {
      expect(plan.shipments.map((s) => [s.locationId, s.lines[0].quantity])).toEqual([['S2', 2]]);
      expect(plan.rejected).toContainEqual(expect.objectContaining({ locationId: 'S1', reason: 'NO_CAPACITY' }));
    },
  },
  {
    name: 'a store with too little capacity loses the whole line rather than split it',
    req: delivery({ candidates: [store('S1', north(2), { remainingCapacity: 1 }), store('S2', north(8))], stock: [...stock('S1', { A: 2 }), ...stock('S2', { A: 2 })], lines: [{ sku: 'A', quantity: 2 }] }),
    check: (plan) => expect(plan.shipments.map((s) => [s.locationId, s.lines[0].quantity])).toEqual([['S2', 2]]),
  },
  ...[3, 7.9, 8.1, 20].map((penalty): Row => ({
    name: `split penalty ${penalty}: split only when two near stores save more than the penalty`,
    config: splitConfig(penalty),
    req: delivery(splitNetwork),
    check: (plan) => {
      const single = 1 + 0.1 * distanceKm(north(100), LONDON);
      const split = 2 + 0.1 * (distanceKm(north(5), LONDON) + distanceKm(north(-5), LONDON)) + penalty;
      if (split < single) {
        expect(plan.shipments.map((s) => [s.locationId, s.reason])).toEqual([['S1', 'LEAST_COST_SPLIT'], ['S2', 'LEAST_COST_SPLIT']]);
        expect(plan.totalCost).toBeCloseTo(split, 4);
        expect(plan.splitPenaltyCost).toBe(penalty);
      } else {
        expect(plan.shipments.map((s) => s.locationId)).toEqual(['D1']);
        expect(plan.totalCost).toBeCloseTo(single, 4);
      }
    },
  })),
  {
    name: 'pickup with local stock is held at the pickup store',
    req: pickupAt('S1', { candidates: [store('S1', LONDON, { processingHours: 3 }), store('S2', north(5))], stock: [...stock('S1', { A: 1 }), ...stock('S2', { A: 1 })], lines: [{ sku: 'A', quantity: 1 }] }),
    check: (plan) => {
      expect(plan.shipments).toHaveLength(1);
      expect(plan.shipments[0]).toMatchObject({ locationId: 'S1', method: 'PICKUP_IN_STORE', reason: 'PICKUP_LOCAL', distanceKm: 0, promiseHours: 3 });
      expect(plan.shipments[0].transferTo).toBeUndefined();
    },
  },
  {
    name: 'pickup without local stock transfers from the nearest location that can, ready later',
    req: pickupAt('S1', {
      candidates: [store('S1', LONDON, { processingHours: 3 }), store('S2', north(5)), store('S3', north(20)), store('S4', north(1), { capabilities: ['SHIP_FROM_STORE'] })],
      stock: [...stock('S2', { A: 1 }), ...stock('S3', { A: 1 }), ...stock('S4', { A: 1 })],
      lines: [{ sku: 'A', quantity: 1 }],
    }),
    check: (plan, config) => {
      expect(plan.shipments.map((s) => [s.locationId, s.transferTo, s.reason])).toEqual([['S2', 'S1', 'TRANSFER_TO_PICKUP']]);
      const leg = config.transit.PICKUP_IN_STORE;
      expect(plan.shipments[0].promiseHours).toBeCloseTo(4 + leg.baseHours + distanceKm(north(5), LONDON) / leg.kmPerHour + 3, 5);
      expect(plan.shipments[0].promiseHours).toBeGreaterThan(3);
      expect(plan.rejected).toContainEqual(expect.objectContaining({ locationId: 'S4', reason: 'NOT_ELIGIBLE' }));
    },
  },
  {
    name: 'units nothing can serve come back unassigned with their quantity',
    req: delivery({ candidates: [dc('D1', north(50))], stock: stock('D1', { A: 3 }), lines: [{ sku: 'A', quantity: 5 }, { sku: 'X', quantity: 2 }] }),
    check: (plan) => {
      expect(plan.shipments.map((s) => s.lines)).toEqual([[{ sku: 'A', quantity: 3, backorder: false }]]);
      expect(plan.shipments[0].reason).toBe('PARTIAL_COVER');
      expect(plan.unassigned).toEqual([{ sku: 'A', quantity: 2, reason: 'INSUFFICIENT_STOCK' }, { sku: 'X', quantity: 2, reason: 'NO_STOCK' }]);
    },
  },
  {
    name: 'without an SLA the cheaper far DC wins',
    config: slaConfig(null),
    req: delivery(slaNetwork),
    check: (plan) => expect(plan.shipments.map((s) => s.locationId)).toEqual(['D1']),
  },
  {
    name: 'an SLA excludes the far DC when a nearer store can meet it',
    config: slaConfig(24),
    req: delivery(slaNetwork),
    check: (plan) => {
      expect(plan.shipments.map((s) => [s.locationId, s.meetsSla])).toEqual([['S1', true]]);
      expect(plan.meetsSla).toBe(true);
      expect(plan.rejected).toContainEqual(expect.objectContaining({ locationId: 'D1', reason: 'TOO_FAR_FOR_SLA' }));
    },
  },
  {
    name: 'when nothing meets the SLA the order still ships, marked late',
    config: slaConfig(24),
    req: delivery({ ...slaNetwork, candidates: [dc('D1', north(300))] }),
    check: (plan) => {
      expect(plan.shipments.map((s) => [s.locationId, s.meetsSla])).toEqual([['D1', false]]);
      expect(plan.meetsSla).toBe(false);
      expect(plan.promiseHours).toBeGreaterThan(24);
    },
  },
  {
    name: 'a backorder channel places the shortfall against incoming supply',
    req: delivery({ channel: 'WHOLESALE', candidates: [dc('D1', north(50)), store('S1', north(1))], stock: [...stock('D1', { A: 1 }, { A: 10 }), ...stock('S1', { A: 9 })], lines: [{ sku: 'A', quantity: 4 }] }),
    check: (plan, config) => {
      expect(plan.shipments.map((s) => [s.key, s.lines[0].quantity, s.backorder])).toEqual([['D1:SHIP_FROM_DC', 1, false], ['D1:SHIP_FROM_DC:BACKORDER', 3, true]]);
      expect(plan.shipments[1].reason).toBe('BACKORDER');
      expect(plan.shipments[1].promiseHours).toBeGreaterThanOrEqual(config.backorderLeadHours);
      expect(plan.unassigned).toEqual([]);
      expect(plan.rejected).toContainEqual(expect.objectContaining({ locationId: 'S1', reason: 'NOT_ELIGIBLE' }));
    },
  },
  {
    name: 'a channel without backorder leaves the shortfall unassigned',
    req: delivery({ channel: 'DTC', candidates: [dc('D1', north(50))], stock: stock('D1', { A: 1 }, { A: 10 }), lines: [{ sku: 'A', quantity: 4 }] }),
    check: (plan) => {
      expect(plan.shipments.map((s) => [s.locationId, s.backorder, s.lines[0].quantity])).toEqual([['D1', false, 1]]);
      expect(plan.unassigned).toEqual([{ sku: 'A', quantity: 3, reason: 'INSUFFICIENT_STOCK' }]);
    },
  },
  {
    name: 'stock on hand elsewhere beats a backorder',
    req: delivery({ channel: 'WHOLESALE', candidates: [dc('D1', north(50)), dc('D2', north(400))], stock: [...stock('D1', { A: 1 }, { A: 10 }), ...stock('D2', { A: 4 })], lines: [{ sku: 'A', quantity: 4 }] }),
    check: (plan) => expect(plan.shipments.map((s) => [s.locationId, s.backorder])).toEqual([['D2', false]]),
  },
];

describe('planRoute', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const config = row.config ?? parseRoutingConfig();
    const plan = planRoute(row.req, config);
    expectConsistent(row.req, plan);
    expect(plan.search.exact).toBe(true);
    row.check(plan, config);
  });
});
