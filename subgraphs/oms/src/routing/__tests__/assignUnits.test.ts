import { assignUnits } from '../assignUnits';
import { mulberry32 } from '../testing/randomRoutingInstance';

/** Lexicographic best by brute force: most units served, then cheapest (sources' unit costs ascend). */
function bruteBest(demand: number[], avail: number[][], capacity: number[], unitCost: number[]): number {
  let best = Infinity;
  const cells: [number, number][] = [];
  avail.forEach((row, k) => row.forEach((a, i) => { if (a > 0) cells.push([k, i]); }));
  const x = cells.map(() => 0);
  const walk = (c: number): void => {
    if (c === cells.length) {
      const byLine = demand.map(() => 0), bySource = capacity.map(() => 0);
      let cost = 0;
      cells.forEach(([k, i], n) => { byLine[i] += x[n]; bySource[k] += x[n]; cost += unitCost[k] * x[n]; });
      if (byLine.some((q, i) => q > demand[i]) || bySource.some((q, k) => q > capacity[k])) return;
      const unmet = demand.reduce((s, d, i) => s + d - byLine[i], 0);
      best = Math.min(best, cost + 1000 * unmet);
      return;
    }
    const [k, i] = cells[c];
    for (let q = 0; q <= avail[k][i]; q++) { x[c] = q; walk(c + 1); }
  };
  walk(0);
  return best;
}

describe('assignUnits', () => {
  it('reroutes a line through an earlier source when store capacity couples lines', () => {
    // Source 0 (cheapest, 1 pick left) holds A and B; source 1 holds only A. Taking A at source 0
    // first would strand B; the alternating path moves source 0 to B and A to source 1.
    const out = assignUnits({ demand: [1, 1], avail: [[1, 1], [1, 0]], capacity: [1, 5], coupled: true });
    expect(out.unmet).toEqual([0, 0]);
    expect(out.flows).toEqual([[0, 1], [1, 0]]);
  });

  it('without coupling, each line takes its cheapest sources first', () => {
    const out = assignUnits({ demand: [3, 1], avail: [[2, 0], [2, 1]], capacity: [9, 9], coupled: false });
    expect(out.flows).toEqual([[2, 0], [1, 1]]);
    expect(out.unmet).toEqual([0, 0]);
  });

  it.each(Array.from({ length: 40 }, (_, k) => k + 1))('random coupled case %i matches brute force', (seed) => {
    const rnd = mulberry32(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const L = int(1, 3), K = int(1, 3);
    const demand = Array.from({ length: L }, () => int(1, 2));
    const avail = Array.from({ length: K }, () => demand.map((d) => Math.min(d, int(0, 2))));
    const capacity = Array.from({ length: K }, () => int(0, 3));
    const unitCost = Array.from({ length: K }, (_, k) => k + rnd() * 0.5);
    const out = assignUnits({ demand, avail, capacity, coupled: true });
    const cost = out.flows.reduce((s, row, k) => s + row.reduce((a, q) => a + q * unitCost[k], 0), 0) + 1000 * out.unmet.reduce((a, b) => a + b, 0);
    out.flows.forEach((row, k) => {
      expect(row.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(capacity[k]);
      row.forEach((q, i) => expect(q).toBeLessThanOrEqual(avail[k][i]));
    });
    expect(cost).toBeCloseTo(bruteBest(demand, avail, capacity, unitCost), 9);
  });
});
