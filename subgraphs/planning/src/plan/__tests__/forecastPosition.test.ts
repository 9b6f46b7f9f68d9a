import { quantileBacktest } from '../../engine/quantileBacktest';
import { mulberry32, poisson } from '../../engine/testing/syntheticDemand';
import { DemandHistoryStore } from '../../history/DemandHistoryStore';
import { forecastPosition } from '../forecastPosition';

const TODAY = 20_400;

describe('forecastPosition', () => {
  it('says why there is nothing to forecast: no history, or no demand in the window', () => {
    const h = new DemandHistoryStore({ capacityDays: 365 });
    h.record('OLD', 'S1', TODAY - 300, 4);
    h.record('NEW', 'S2', TODAY, 1);
    expect(forecastPosition(h, 'NEVER', 'S1', TODAY, 5).reason).toMatch(/^NO_HISTORY/);
    const old = forecastPosition(h, 'OLD', 'S1', TODAY, 5);
    expect(old.reason).toMatch(/^NO_DEMAND/);
    expect(old.method).toBe('NONE');
    expect(Array.from(old.median)).toEqual([0, 0, 0, 0, 0]);
    expect(old.levels).toEqual([0.1, 0.5, 0.9]);
  });

  it('forecasts from the location-pooled profile with a backtest against seasonal naive', () => {
    const h = new DemandHistoryStore({ capacityDays: 365 });
    const rand = mulberry32(4);
    for (let d = TODAY - 200; d <= TODAY; d++) for (const sku of ['A', 'B', 'C']) h.record(sku, 'S1', d, poisson(rand, sku === 'A' ? 8 : 2));
    const f = forecastPosition(h, 'A', 'S1', TODAY, 14, [0.25, 0.75]);
    expect(f.reason).toBeNull();
    expect(f.levels).toEqual([0.25, 0.5, 0.75]);
    expect(f.median[0]).toBeGreaterThan(5);
    expect(f.median[0]).toBeLessThan(11);
    expect(f.backtest.wape).toBeLessThan(f.baseline.wape);
  });
});

describe('quantileBacktest', () => {
  it('scores a steady series perfectly and leaves the windows without history out', () => {
    const x = new Float64Array(70).fill(5);
    const r = quantileBacktest(x, 70, 14, { trendWindow: 0 });
    expect(r.backtest).toEqual({ wape: 0, bias: 0, mase: NaN });
    expect(r.baseline.wape).toBe(0);
    expect(quantileBacktest(new Float64Array(20), 20, 14).backtest.wape).toBeNaN();
  });
});
