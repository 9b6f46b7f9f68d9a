// Worked examples A–D, H and I from data/reference/README.md (Chopra & Meindl,
// recomputed), to the precision the table states.
import {
  cycleServiceLevel,
  demandDuringLeadTime,
  expectedShortagePerCycle,
  fillRate,
  orderUpToLevel,
  reorderPoint,
  safetyStockForFillRate,
  safetyStockForServiceLevel,
} from '../safetyStock';

describe('safety stock (Chopra & Meindl examples)', () => {
  const lego = demandDuringLeadTime({ demandMean: 2500, demandSd: 500, leadTime: 2 });

  it('A: ROP 6,000 over D_L 5,000 gives SS 1,000 and CSL 0.9214', () => {
    expect(lego.mean).toBe(5000);
    expect(lego.sd).toBeCloseTo(707.1, 1);
    const ss = 6000 - lego.mean;
    expect(ss).toBe(1000);
    expect(cycleServiceLevel(ss, lego.sd)).toBeCloseTo(0.9214, 4);
  });

  it('B: lot size 10,000 gives ESC 25.13 and fill rate 0.9975', () => {
    expect(expectedShortagePerCycle(1000, lego.sd)).toBeCloseTo(25.13, 2);
    expect(fillRate(1000, lego.sd, 10000)).toBeCloseTo(0.9975, 4);
  });

  it('C: a 0.90 CSL target needs SS 906 (z = 1.2816)', () => {
    const ss = safetyStockForServiceLevel(0.9, lego.sd);
    expect(ss / lego.sd).toBeCloseTo(1.2816, 4);
    expect(Math.round(ss)).toBe(906);
    expect(reorderPoint(lego.mean, ss)).toBeCloseTo(5906.2, 1);
  });

  it('D: lead-time uncertainty s_L = 7..0 days gives the quoted SS series', () => {
    const expected: Array<[number, number]> = [[7, 22491], [6, 19298], [5, 16109], [4, 12927], [3, 9760], [2, 6628], [1, 3625], [0, 1695]];
    const dell = demandDuringLeadTime({ demandMean: 2500, demandSd: 500, leadTime: 7, leadTimeSd: 7 });
    expect(Math.round(dell.sd)).toBe(17550);
    for (const [sL, ss] of expected) {
      const sd = demandDuringLeadTime({ demandMean: 2500, demandSd: 500, leadTime: 7, leadTimeSd: sL }).sd;
      expect(Math.round(safetyStockForServiceLevel(0.9, sd))).toBe(ss);
    }
  });

  it('H: (R, S) with R = 1 wk, L = 2 wk at CSL 0.95 gives S 8,924 and SS 1,424', () => {
    const rs = orderUpToLevel({ demandMean: 2500, demandSd: 500, reviewPeriod: 1, leadTime: 2, cycleServiceLevel: 0.95 });
    expect(Math.round(rs.orderUpTo)).toBe(8924);
    expect(Math.round(rs.safetyStock)).toBe(1424);
  });

  it('I: a 0.99 fill-rate target with Q 10,000 gives k 0.706 and SS 499', () => {
    const { k, safetyStock } = safetyStockForFillRate(0.99, 10000, 707.1);
    expect(k).toBeCloseTo(0.706, 3);
    expect(Math.round(safetyStock)).toBe(499);
    // and the fill rate it delivers is the target, the round trip of the loss function
    expect(fillRate(safetyStock, 707.1, 10000)).toBeCloseTo(0.99, 10);
  });

  it('refuses service levels outside (0, 1)', () => {
    expect(() => safetyStockForServiceLevel(1, 10)).toThrow(RangeError);
    expect(() => safetyStockForFillRate(0, 10, 10)).toThrow(RangeError);
  });
});
