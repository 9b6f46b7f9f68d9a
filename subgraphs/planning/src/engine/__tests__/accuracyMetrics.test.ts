import { bias, mase, naiveScale, wape } from '../accuracyMetrics';

describe('accuracy metrics', () => {
  const actual = [10, 0, 5, 5];
  const forecast = [8, 1, 5, 8];

  it('WAPE = Σ|y − ŷ| / Σ|y| and bias = Σ(ŷ − y) / Σ|y|', () => {
    expect(wape(actual, forecast)).toBeCloseTo(6 / 20, 12);
    expect(bias(actual, forecast)).toBeCloseTo(2 / 20, 12);
    expect(wape([0, 0], [1, 1])).toBeNaN();
  });

  it('MASE scales by the in-sample seasonal naive MAE', () => {
    const training = [1, 2, 3, 5, 1, 2, 3, 9];
    // period 4: |1−1| + |2−2| + |3−3| + |9−5| over 4 = 1
    expect(naiveScale(training, 4)).toBe(1);
    expect(mase(actual, forecast, training, 4)).toBeCloseTo(6 / 4 / 1, 12);
    // a series shorter than one period falls back to the one-step naive scale
    expect(naiveScale([1, 3], 7)).toBe(2);
  });

  it('refuses series of different lengths', () => {
    expect(() => wape([1, 2], [1])).toThrow(RangeError);
  });
});
