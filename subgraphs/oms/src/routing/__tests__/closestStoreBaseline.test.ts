import { closestStoreBaseline } from '../closestStoreBaseline';
import { planRoute } from '../planRoute';
import { DEFAULT_ROUTING_CONFIG } from '../routingConfig';
import { randomRoutingInstance } from '../testing/randomRoutingInstance';
import { dc, delivery, north, stock, store } from './routingFixtures';

const weight = (plan: ReturnType<typeof planRoute>) =>
  plan.totalCost
  + DEFAULT_ROUTING_CONFIG.penalties.unassignedPerUnit * plan.unassigned.reduce((s, u) => s + u.quantity, 0)
  + DEFAULT_ROUTING_CONFIG.penalties.latePerUnit * plan.shipments.filter((s) => !s.meetsSla).reduce((s, x) => s + x.lines.reduce((a, l) => a + l.quantity, 0), 0)
  + DEFAULT_ROUTING_CONFIG.penalties.backorderPerUnit * plan.shipments.filter((s) => s.backorder).reduce((s, x) => s + x.lines.reduce((a, l) => a + l.quantity, 0), 0);

describe('closestStoreBaseline', () => {
  it('takes each line from the nearest location with stock, however many shipments that makes', () => {
    const req = delivery({
      candidates: [dc('D1', north(40)), store('S1', north(2)), store('S2', north(3))],
      stock: [...stock('D1', { A: 5, B: 5 }), ...stock('S1', { A: 1 }), ...stock('S2', { B: 5 })],
      lines: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }],
    });
    const base = closestStoreBaseline(req);
    expect(base.shipments.map((s) => [s.locationId, s.lines.map((l) => `${l.sku}${l.quantity}`).join()])).toEqual([['S1', 'A1'], ['S2', 'B1'], ['D1', 'A1']]);
    const plan = planRoute(req);
    expect(plan.shipments.map((s) => s.locationId)).toEqual(['D1']);
    expect(plan.totalCost).toBeLessThan(base.totalCost);
  });

  it('is never better than the planner on random networks', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const req = randomRoutingInstance({ seed, lines: [1, 8] });
      expect(weight(planRoute(req))).toBeLessThanOrEqual(weight(closestStoreBaseline(req)) + 1e-6);
    }
  });
});
