import { abcClasses, xyzOf } from '../inventoryClasses';
import { inverseNormalLoss, normalInv } from '../normal';
import { fillRate, safetyStockForFillRate } from '../safetyStock';
import { inverseLossNewton, serviceStock, serviceStockFlat } from '../serviceStock';

describe('serviceStock', () => {
  it('sums the forecast distribution over the lead time and adds lead-time uncertainty', () => {
    const mean = [10, 20, 10, 20, 99];
    const sd = [3, 4, 3, 4, 99];
    const s = serviceStock(mean, sd, 4, 0, { kind: 'CYCLE_SERVICE_LEVEL', value: 0.95 }, 50);
    expect(s.meanDuringLeadTime).toBe(60);
    expect(s.sdDuringLeadTime).toBeCloseTo(Math.sqrt(50), 10);
    expect(s.safetyStock).toBeCloseTo(normalInv(0.95) * Math.sqrt(50), 8);
    expect(s.reorderPoint).toBeCloseTo(60 + s.safetyStock, 10);
    const uncertain = serviceStock(mean, sd, 4, 2, { kind: 'CYCLE_SERVICE_LEVEL', value: 0.95 }, 50);
    expect(uncertain.sdDuringLeadTime).toBeCloseTo(Math.sqrt(50 + 15 ** 2 * 4), 8);
  });

  it('meets a fill-rate target exactly (checked with the fill-rate formula)', () => {
    const s = serviceStockFlat(5, 4, 9, 1, { kind: 'FILL_RATE', value: 0.97 }, 70);
    expect(fillRate(s.safetyStock, s.sdDuringLeadTime, 70)).toBeCloseTo(0.97, 8);
    expect(s.safetyStock).toBeCloseTo(safetyStockForFillRate(0.97, 70, s.sdDuringLeadTime).safetyStock, 6);
  });

  it('solves G(k) = t by Newton as the bisection does, across the range', () => {
    for (const t of [1e-9, 1e-4, 0.01, 0.2, 0.3989, 1, 5, 40]) expect(inverseLossNewton(t)).toBeCloseTo(inverseNormalLoss(t), 7);
  });
});

describe('ABC/XYZ classes', () => {
  it('ranks by value share (80/15/5) and by variability', () => {
    expect(abcClasses([50, 1, 30, 10, 5, 4, 0])).toEqual(['A', 'C', 'A', 'B', 'B', 'C', 'C']);
    expect([xyzOf(10, 2), xyzOf(10, 7), xyzOf(10, 15), xyzOf(0, 0)]).toEqual(['X', 'Y', 'Z', 'Z']);
  });
});
