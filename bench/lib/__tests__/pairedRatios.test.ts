import { pairedRatios } from '../stats';

describe('pairedRatios', () => {
  it('divides repeat by repeat, so a drift of the whole run cancels out', () => {
    // the machine slows down over the run; a is 10% ahead of b in every repeat
    const b = [1000, 800, 600, 400];
    const a = b.map((x) => x * 1.1);
    expect(pairedRatios(a, b)).toEqual({ median: 1.1, min: 1.1, max: 1.1 });
  });

  it('pairs only the repeats both have, and skips a zero', () => {
    expect(pairedRatios([3, 4, 5], [1, 0])).toEqual({ median: 3, min: 3, max: 3 });
  });

  it('is null without a pair', () => {
    expect(pairedRatios([], [1])).toBeNull();
  });
});
