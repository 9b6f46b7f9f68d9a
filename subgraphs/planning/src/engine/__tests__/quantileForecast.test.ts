import { mulberry32, poisson } from '../testing/syntheticDemand';
import { choosePooledConfig, pinballLoss, pooledQuantileForecast, pooledWeekdayProfile, weekdayQuantileForecast } from '../quantileForecast';
import { closedDays } from '../shopCalendar';
import { toEpochDay } from '../../history/calendarDay';

const WEEK = [1, 1.5, 1, 0, 0.5, 1, 1]; // index mod 7; position 3 never trades

function series(days: number, rate: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: days }, (_, i) => poisson(rand, rate * WEEK[i % 7]));
}

describe('pooledQuantileForecast', () => {
  it('forecasts the empirical quantiles of the de-seasonalised days, times the weekday profile', () => {
    const x = series(364, 20, 1);
    const profile = Float64Array.from(WEEK, (w) => w * (7 / 6));
    const f = pooledQuantileForecast(x, 364, 14, { profile, trendWindow: 0, levels: [0.1, 0.9] });
    expect(f.levels).toEqual([0.1, 0.5, 0.9]);
    // Poisson(20·w): the median de-seasonalised rate is close to 20 / (7/6)
    expect(f.median[1] / profile[(364 + 1) % 7]).toBeGreaterThan(15);
    expect(f.median[1] / profile[(364 + 1) % 7]).toBeLessThan(19.5);
    for (let h = 0; h < 14; h++) {
      expect(f.quantiles[0][h]).toBeLessThanOrEqual(f.quantiles[1][h]);
      expect(f.quantiles[1][h]).toBeLessThanOrEqual(f.quantiles[2][h]);
      if ((364 + h) % 7 === 3) expect(f.quantiles[2][h]).toBe(0);
    }
  });

  it('beats the weekday median on pinball loss for lumpy demand with a pooled profile', () => {
    const rand = mulberry32(9);
    const lumpy = (n: number) => Float64Array.from({ length: n }, (_, i) => (rand() < 0.3 * WEEK[i % 7] ? 1 + Math.floor(rand() * 20) : 0));
    let pooled = 0;
    let weekday = 0;
    for (let k = 0; k < 40; k++) {
      const x = lumpy(364 + 28);
      const y = x.subarray(364);
      pooled += pinballLoss(y, pooledQuantileForecast(x, 364, 28, { trendWindow: 0 }).median, 0.5);
      weekday += pinballLoss(y, weekdayQuantileForecast(x, 364, 28, 13)[0], 0.5);
    }
    expect(pooled).toBeLessThan(weekday);
  });

  it('forecasts 0 on closed days and leaves them out of the sample', () => {
    const x = new Float64Array(140).fill(10);
    const holidays = new Set([70, 71, 72, 73, 74, 75, 76, 141]);
    for (const d of holidays) if (d < 140) x[d] = 0;
    const f = pooledQuantileForecast(x, 140, 3, { closed: (i) => holidays.has(i), profile: new Float64Array(7).fill(1) });
    expect(Array.from(f.median)).toEqual([10, 0, 10]);
    expect(f.sampleSize).toBe(91);
  });

  it('gives zeros and sample size 0 without history', () => {
    const f = pooledQuantileForecast(new Float64Array(0), 0, 5);
    expect(Array.from(f.median)).toEqual([0, 0, 0, 0, 0]);
    expect(f.sampleSize).toBe(0);
  });
});

describe('pooledWeekdayProfile', () => {
  it('weighs each item equally and finds the closed weekday', () => {
    const p = pooledWeekdayProfile([series(182, 100, 2), series(182, 1, 3)], 182);
    expect(p[3]).toBe(0);
    expect(p[1]).toBeGreaterThan(p[4]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 6);
  });
});

describe('choosePooledConfig', () => {
  it('picks a trend window when demand has doubled recently', () => {
    const items = [0, 1, 2].map((k) => Float64Array.from(series(300, 10, 10 + k), (v, i) => (i >= 230 ? v * 2.5 : v)));
    expect(choosePooledConfig(items, 300, 28).trendWindow).toBe(28);
  });
});

describe('pinballLoss and the shop calendar', () => {
  it('scores under- and over-forecasts asymmetrically', () => {
    expect(pinballLoss([10], [0], 0.9)).toBeCloseTo(9);
    expect(pinballLoss([0], [10], 0.9)).toBeCloseTo(1);
  });
  it('closes bank holidays and days the whole shop sold nothing', () => {
    const first = toEpochDay('2011-08-27');
    const closed = closedDays(first, [5, 0, 3]);
    expect(closed.has(first + 1)).toBe(true);
    expect(closed.has(toEpochDay('2011-08-29'))).toBe(true);
    expect(closed.has(first)).toBe(false);
  });
});
