// Φ and Φ⁻¹ against published table values (Abramowitz & Stegun 26.2 / standard quantiles).
import { inverseNormalLoss, normalCdf, normalInv, normalLoss } from '../normal';

describe('standard normal', () => {
  it('Φ matches tabulated values to 1e-12', () => {
    const table: Array<[number, number]> = [
      [0, 0.5],
      [1, 0.8413447460685429],
      [-1, 0.15865525393145705],
      [1.96, 0.9750021048517795],
      [-3, 0.0013498980316300946],
      [5, 0.9999997133484281],
    ];
    for (const [z, p] of table) expect(Math.abs(normalCdf(z) - p)).toBeLessThan(1e-12);
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 8);
  });

  it('Φ⁻¹ matches the usual quantiles to 1e-9 and inverts Φ', () => {
    const q: Array<[number, number]> = [
      [0.5, 0],
      [0.9, 1.2815515655446004],
      [0.95, 1.6448536269514722],
      [0.975, 1.959963984540054],
      [0.99, 2.3263478740408408],
      [0.001, -3.090232306167813],
      [1e-10, -6.361340902404056],
    ];
    for (const [p, z] of q) expect(Math.abs(normalInv(p) - z)).toBeLessThan(1e-9);
    for (const p of [1e-15, 0.02, 0.02425, 0.3, 0.7, 0.97575, 0.999]) expect(Math.abs(normalCdf(normalInv(p)) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-9);
    expect(normalInv(0)).toBe(-Infinity);
    expect(normalInv(1)).toBe(Infinity);
    expect(normalInv(1.5)).toBeNaN();
  });

  it('the loss function G(k) = φ(k) − k(1 − Φ(k)) inverts', () => {
    expect(normalLoss(0)).toBeCloseTo(0.3989422804014327, 14);
    for (const g of [1e-6, 0.01, 0.14142, 0.5, 2]) expect(normalLoss(inverseNormalLoss(g)) / g).toBeCloseTo(1, 9);
  });
});
