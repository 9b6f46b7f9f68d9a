import { forecastSeries } from '../forecastSeries';
import { closedPositions, seasonalProfile } from '../seasonalProfile';
import { mulberry32, poisson } from '../testing/syntheticDemand';

/** Weekly-seasonal Poisson demand, closed on position 6, level `level`. */
function shop(seed: number, days: number, level = 20): number[] {
  const rand = mulberry32(seed);
  const profile = [1.3, 1.1, 1, 1, 1.2, 0.6, 0];
  return Array.from({ length: days }, (_, t) => poisson(rand, level * profile[t % 7]));
}

describe('forecastSeries', () => {
  const history = shop(1, 280);
  const result = forecastSeries(history, 21);

  it('chooses the candidate with the smallest backtest error and reports it beside seasonal naive', () => {
    const best = Math.min(...result.candidates.map((c) => c.absoluteError));
    expect(result.candidates.find((c) => c.method === result.method)!.absoluteError).toBe(best);
    expect(result.candidates.map((c) => c.method)).toContain('SEASONAL_NAIVE');
    for (const s of [result.backtest, result.baseline]) {
      expect(Number.isFinite(s.mase) && Number.isFinite(s.wape) && Number.isFinite(s.bias)).toBe(true);
    }
    // on smooth seasonal demand, smoothing beats copying last week
    expect(result.backtest.wape).toBeLessThan(result.baseline.wape);
  });

  it('gives non-negative points inside non-negative intervals, zero on the closed weekday', () => {
    expect(result.points).toHaveLength(21);
    for (const [h, p] of result.points.entries()) {
      expect(p.lower).toBeGreaterThanOrEqual(0);
      expect(p.lower).toBeLessThanOrEqual(p.quantity);
      expect(p.upper).toBeGreaterThanOrEqual(p.quantity);
      if ((280 + h) % 7 === 6) expect(p).toEqual({ quantity: 0, lower: 0, upper: 0 });
      else expect(p.quantity).toBeGreaterThan(5);
    }
  });

  it('80% intervals cover roughly 80% of what happens next', () => {
    let inside = 0;
    let total = 0;
    for (let seed = 10; seed < 30; seed++) {
      const series = shop(seed, 308, 5 + seed);
      const r = forecastSeries(series.slice(0, 280), 28);
      r.points.forEach((p, h) => {
        if ((280 + h) % 7 === 6) return;
        total++;
        if (series[280 + h] >= p.lower && series[280 + h] <= p.upper) inside++;
      });
    }
    expect(inside / total).toBeGreaterThan(0.65);
    expect(inside / total).toBeLessThan(0.95);
  });

  it('copes with short, empty and negative histories', () => {
    const short = forecastSeries([3, 0, 4, 5], 5);
    expect(short.points).toHaveLength(5);
    expect(short.backtest.wape).toBeNaN();
    expect(short.points.every((p) => p.quantity >= 0 && p.upper >= p.quantity)).toBe(true);
    const none = forecastSeries(new Float64Array(100), 7);
    expect(none.points.every((p) => p.quantity === 0)).toBe(true);
    const returns = forecastSeries(Array.from({ length: 90 }, (_, t) => (t % 10 === 0 ? -3 : 2)), 7);
    expect(returns.points.every((p) => p.quantity >= 0)).toBe(true);
    expect(() => forecastSeries([1, 2], -1)).toThrow(RangeError);
  });

  it('follows a level shift: forecasts after a doubling sit nearer the new level', () => {
    const before = shop(5, 140, 10);
    const after = shop(6, 140, 20);
    const r = forecastSeries([...before, ...after], 14);
    const open = r.points.filter((_, h) => (280 + h) % 7 !== 6).map((p) => p.quantity);
    const mean = open.reduce((s, v) => s + v, 0) / open.length;
    expect(mean).toBeGreaterThan(16);
  });
});

describe('seasonal profile and closed days', () => {
  it('finds a weekday that never sells when the others usually do, but not by chance for slow sellers', () => {
    const busy = shop(2, 140);
    expect(Array.from(closedPositions(busy, 7))).toEqual([0, 0, 0, 0, 0, 0, 1]);
    const slow = Array.from({ length: 140 }, (_, t) => (t % 23 === 0 ? 1 : 0));
    expect(Array.from(closedPositions(slow, 7)).every((c) => c === 0)).toBe(true);
  });

  it('averages to 1 and keeps closed days at 0', () => {
    const p = seasonalProfile(shop(3, 140), 7);
    expect(p[6]).toBe(0);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(7, 10);
    expect(p[0]).toBeGreaterThan(p[5]);
  });
});
