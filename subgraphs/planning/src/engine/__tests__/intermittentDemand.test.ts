import { croston, sba, tsb } from '../intermittentDemand';

describe('intermittent demand', () => {
  it('TSB by hand: x = [0, 2, 0, 0], α = β = 0.5 gives p·z = 0.140625 × 2', () => {
    // p0 = 1/4, z0 = 2; p: 0.125 → 0.5625 → 0.28125 → 0.140625; z stays 2
    expect(tsb([0, 2, 0, 0], 0.5, 0.5)).toBeCloseTo(0.28125, 12);
  });

  it('after demand stops, TSB decays while Croston keeps its last rate', () => {
    const active = [3, 0, 2, 0, 4, 0, 3, 0];
    const stopped = [...active, ...new Array(30).fill(0)];
    expect(croston(stopped, 0.1)).toBeCloseTo(croston(active, 0.1), 12);
    expect(tsb(stopped, 0.1, 0.1)).toBeLessThan(0.1 * tsb(active, 0.1, 0.1));
  });

  it('SBA is (1 − α/2) × Croston; no demand forecasts 0', () => {
    const x = [0, 5, 0, 0, 1, 0, 2];
    expect(sba(x, 0.2)).toBeCloseTo(0.9 * croston(x, 0.2), 12);
    expect(croston([0, 0, 0])).toBe(0);
    expect(tsb([0, 0, 0])).toBe(0);
  });

  it('honours a window [from, end)', () => {
    const x = [100, 0, 1, 0, 1, 0];
    expect(croston(x, 0.1, 2, 6)).toBeCloseTo(croston([1, 0, 1, 0], 0.1), 12);
  });
});
