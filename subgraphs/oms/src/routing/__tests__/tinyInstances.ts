// Tiny random problems (≤ 3 locations, ≤ 2 lines of ≤ 2 units, random costs, SLA and capacity)
// small enough for brute force, varied enough to hit splits, capacity, lateness and backorders.
import type { Channel, LocationCapability } from '@stockgraph/shared';
import { buildRoutingProblem } from '../buildRoutingProblem';
import { parseRoutingConfig, type RoutingConfig } from '../routingConfig';
import type { RoutingProblem } from '../routingProblem';
import type { RoutingCandidate, RoutingRequest, StockRecord } from '../routingTypes';
import { mulberry32 } from '../testing/randomRoutingInstance';
import { LONDON, north } from './routingFixtures';

export interface TinyInstance { request: RoutingRequest; config: RoutingConfig; problem: RoutingProblem }

export function tinyInstance(seed: number, maxCells = 9): TinyInstance {
  for (let attempt = 0; ; attempt++) {
    const rnd = mulberry32(seed * 7877 + attempt);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const channel: Channel = rnd() < 0.3 ? 'WHOLESALE' : 'DTC';
    const config = parseRoutingConfig({
      cost: {
        perShipment: { STORE: int(1, 8), DISTRIBUTION_CENTER: int(1, 8) },
        perUnit: { STORE: rnd() * 2, DISTRIBUTION_CENTER: rnd() * 2 },
        perKm: { SHIP_FROM_DC: rnd() * 0.05, SHIP_FROM_STORE: rnd() * 0.05, PICKUP_IN_STORE: 0.02 },
        splitPenalty: int(0, 10),
      },
      channels: { DTC: { slaHours: rnd() < 0.5 ? int(20, 40) : null }, WHOLESALE: { methods: ['SHIP_FROM_DC', 'SHIP_FROM_STORE'] } },
    });
    const candidates: RoutingCandidate[] = [];
    const stock: StockRecord[] = [];
    const skus = ['A', 'B'].slice(0, int(1, 2));
    const n = int(2, 3);
    for (let k = 0; k < n; k++) {
      const isDc = rnd() < 0.4;
      const id = `${isDc ? 'D' : 'S'}${k}`;
      const capabilities: LocationCapability[] = isDc ? ['SHIP_FROM_DC'] : ['SHIP_FROM_STORE'];
      candidates.push({ id, type: isDc ? 'DISTRIBUTION_CENTER' : 'STORE', geo: north(int(0, 600)), capabilities, remainingCapacity: isDc ? undefined : int(0, 3), processingHours: int(2, 12) });
      for (const sku of skus) stock.push({ sku, locationId: id, available: int(0, 2), incoming: rnd() < 0.3 ? int(1, 2) : 0 });
    }
    const request: RoutingRequest = { channel, method: { kind: 'DELIVERY', destination: LONDON }, candidates, stock, lines: skus.map((sku) => ({ sku, quantity: int(1, 2) })) };
    const problem = buildRoutingProblem(request, config);
    const cells = problem.sources.reduce((s, src) => s + src.avail.filter((a) => a > 0).length, 0);
    if (cells <= maxCells) return { request, config, problem };
  }
}
