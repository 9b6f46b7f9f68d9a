import { ean13CheckDigit, isValidEan13, makeEan13 } from '../ean13';

describe('EAN-13 check digits', () => {
  // Real printed barcodes: Wikipedia's EAN-13 examples, an ISBN-13 and GS1 UK's sample number.
  it.each([
    ['4006381333931'],
    ['5901234123457'],
    ['9780306406157'],
    ['5012345678900'],
  ])('agrees with the check digit printed on %s', (code) => {
    expect(ean13CheckDigit(code.slice(0, 12))).toBe(Number(code[12]));
    expect(isValidEan13(code)).toBe(true);
  });

  it('rejects a wrong check digit, wrong lengths and letters', () => {
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('5012345678901')).toBe(false);
    expect(isValidEan13('400638133393')).toBe(false);
    expect(isValidEan13('40063813339a1')).toBe(false);
    expect(() => ean13CheckDigit('12345')).toThrow();
  });

  it('builds codes from a company prefix and item reference', () => {
    expect(makeEan13('5012345', 1)).toBe('5012345000015');
    expect(isValidEan13(makeEan13('5012345', 99999))).toBe(true);
    expect(() => makeEan13('5012345', 100000)).toThrow();
  });
});
