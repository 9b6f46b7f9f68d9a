// Worked examples E–G from data/reference/README.md (Snyder & Shen, as tested in
// stockpyl): EOQ, (r, Q) and newsvendor.
import { economicOrderQuantity, eoqCost } from '../economicOrderQuantity';
import { newsvendorCost, newsvendorNormal } from '../newsvendor';
import { rqCost, rqEoqPlusSafetyStock, rqExpectedInventoryLevel, rqOptimalReorderPoint } from '../reorderPointQuantity';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('EOQ (example E)', () => {
  it('Q* = 304.0467800264368 and g* = 68.410525505948272; at Q = 250, g = 69.725', () => {
    const { quantity, cost } = economicOrderQuantity(8, 0.225, 1300);
    expect(rel(quantity, 304.0467800264368)).toBeLessThan(1e-12);
    expect(rel(cost, 68.410525505948272)).toBeLessThan(1e-12);
    expect(eoqCost(250, 8, 0.225, 1300)).toBeCloseTo(69.725, 10);
  });
});

describe('(r, Q) policies (example F)', () => {
  const p = { holdingCost: 0.225, stockoutCost: 7.5, fixedCost: 8, demandMean: 1300, demandSd: 150, leadTime: 1 / 12 };

  it('EOQ + SS: r = 190.3369965715624, Q = 304.0467800264368', () => {
    const policy = rqEoqPlusSafetyStock(p);
    expect(rel(policy.reorderPoint, 190.3369965715624)).toBeLessThan(1e-9);
    expect(rel(policy.orderQuantity, 304.0467800264368)).toBeLessThan(1e-12);
  });

  it('EIL approximation: r = 213.9704421358024, Q = 318.5901810768729, g = 95.451140222851961', () => {
    const policy = rqExpectedInventoryLevel(p);
    expect(rel(policy.reorderPoint, 213.9704421358024)).toBeLessThan(1e-8);
    expect(rel(policy.orderQuantity, 318.5901810768729)).toBeLessThan(1e-8);
    expect(rel(policy.cost, 95.451140222851961)).toBeLessThan(1e-8);
  });

  it('exact cost at (126.8, 328.5) = 78.071162509282942', () => {
    expect(rel(rqCost(126.8, 328.5, p), 78.071162509282942)).toBeLessThan(1e-9);
  });

  it('best r for Q = 318 is 127.7880348669655 and it minimises the exact cost', () => {
    const r = rqOptimalReorderPoint(318, p);
    expect(Math.abs(r - 127.7880348669655)).toBeLessThan(1e-5);
    expect(rqCost(r, 318, p)).toBeLessThan(rqCost(r - 1, 318, p));
    expect(rqCost(r, 318, p)).toBeLessThan(rqCost(r + 1, 318, p));
  });
});

describe('newsvendor (example G)', () => {
  it('S* = 56.603955927433887 with cost 1.997605193176645; at S = 40, 7.356131552870388', () => {
    const nv = newsvendorNormal(0.18, 0.7, 50, 8);
    expect(rel(nv.level, 56.603955927433887)).toBeLessThan(1e-12);
    expect(rel(nv.cost, 1.997605193176645)).toBeLessThan(1e-10);
    expect(rel(newsvendorCost(nv.level, 0.18, 0.7, 50, 8), 1.997605193176645)).toBeLessThan(1e-10);
    expect(rel(newsvendorCost(40, 0.18, 0.7, 50, 8), 7.356131552870388)).toBeLessThan(1e-10);
  });
});
