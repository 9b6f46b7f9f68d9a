import { resolve } from 'node:path';
import { FITTED_PRICE_ELASTICITY, suggestMarkdown } from '../markdown';
import { fitPriceResponse, markdownLift, predictUnits, type PriceObservation } from '../priceResponse';
import { promotionRisk } from '../promotionRisk';
import { mulberry32 } from '../testing/syntheticDemand';
import { importTransactionsFile } from '../../history/importTransactions';
import { WeeklyPriceCleaner } from '../../history/WeeklyPriceCleaner';

describe('fitPriceResponse', () => {
  it('recovers a known elasticity under item and period effects', () => {
    const rand = mulberry32(5);
    const obs: PriceObservation[] = [];
    for (let i = 0; i < 60; i++) {
      const level = 2 + 3 * rand();
      const base = 1 + 10 * rand();
      for (let w = 0; w < 30; w++) {
        const price = base * (rand() < 0.3 ? 0.7 + 0.2 * rand() : 1);
        const season = Math.sin(w / 5);
        obs.push({ item: `I${i}`, period: w, price, units: Math.round(Math.expm1(level + season - 1.8 * Math.log(price) + 0.1 * (rand() - 0.5))) });
      }
    }
    const fit = fitPriceResponse(obs);
    expect(fit.elasticity).toBeGreaterThan(-2);
    expect(fit.elasticity).toBeLessThan(-1.6);
    const without = fitPriceResponse(obs, { withPrice: false });
    expect(without.elasticity).toBe(0);
    expect(predictUnits(fit, 'I0', 2, 0)).toBeGreaterThan(predictUnits(fit, 'I0', 4, 0));
  });

  it('the elasticity the markdowns use is the one fitted on the real file', async () => {
    const cleaner = new WeeklyPriceCleaner();
    await importTransactionsFile(resolve(__dirname, '../../../../../data/online-retail/transactions.csv.gz'), { cleaner });
    const all = cleaner.observations();
    const weeks = new Map<string, number>();
    for (const o of all) weeks.set(o.item, (weeks.get(o.item) ?? 0) + 1);
    const fit = fitPriceResponse(all.filter((o) => (weeks.get(o.item) ?? 0) >= 20));
    expect(fit.elasticity).toBeCloseTo(FITTED_PRICE_ELASTICITY, 3);
  }, 180_000);
});

describe('suggestMarkdown', () => {
  it('suggests no markdown when the stock sells by the season end', () => {
    const s = suggestMarkdown({ units: 100, dailyDemand: 2, daysToSeasonEnd: 70 });
    expect(s.overstocked).toBe(false);
    expect(s.markdown).toBe(0);
    expect(s.weeksOfCover).toBeCloseTo(100 / 14);
  });
  it('suggests the smallest markdown whose lift reaches the target sell-through', () => {
    const s = suggestMarkdown({ units: 200, dailyDemand: 2, daysToSeasonEnd: 70, elasticity: -1.5 });
    expect(s.overstocked).toBe(true);
    expect(s.expectedSellThrough).toBeCloseTo(0.7);
    expect(s.sellThroughAfterMarkdown).toBeGreaterThanOrEqual(0.9);
    expect(0.7 * markdownLift(s.markdown - 0.05, -1.5)).toBeLessThan(0.9);
    expect(s.reason).toMatch(/14\.3 weeks of cover against 10\.0 weeks/);
  });
  it('stops at the largest markdown allowed and says so', () => {
    const s = suggestMarkdown({ units: 1000, dailyDemand: 1, daysToSeasonEnd: 14 });
    expect(s.markdown).toBe(0.7);
    expect(s.reason).toMatch(/short of the 90% target/);
  });
});

describe('promotionRisk', () => {
  it('adds the uplift, counts incoming by trust and arrival, and prices the stock-out', () => {
    const r = promotionRisk({ dailyMean: [10, 10, 10], dailySd: [3, 3, 3], upliftPct: 50, onHand: 40, incoming: [{ quantity: 20, trust: 0.8, arrivalProbability: 0.5 }] });
    expect(r.expectedDemand).toBeCloseTo(45);
    expect(r.incomingUnits).toBeCloseTo(8);
    expect(r.availableUnits).toBe(48);
    expect(r.stockoutProbability).toBeGreaterThan(0.2);
    expect(r.stockoutProbability).toBeLessThan(0.5);
    const safe = promotionRisk({ dailyMean: [10], dailySd: [0], upliftPct: 0, onHand: 40, incoming: [] });
    expect(safe.stockoutProbability).toBe(0);
  });
});
