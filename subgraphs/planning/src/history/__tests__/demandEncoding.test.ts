import { entryLength, EntryReader, writeEntry } from '../demandEncoding';

describe('demand entry encoding', () => {
  it('round-trips gaps and quantities at every boundary, with the lengths it announces', () => {
    const gaps = [1, 2, 8, 9, 127, 128, 129, 300, 40000];
    const quantities = [1, 16, 17, 0, -1, -16, 63, 64, 1.5, -0.25, 5e8, -3e9, 12345];
    const bytes = new Uint8Array(4096);
    const written: Array<[number, number]> = [];
    let pos = 0;
    for (const g of gaps) {
      for (const q of quantities) {
        const next = writeEntry(bytes, pos, g, q);
        expect(next - pos).toBe(entryLength(g, q));
        pos = next;
        written.push([g, q]);
      }
    }
    const r = new EntryReader().reset(bytes, 0, pos);
    const read: Array<[number, number]> = [];
    while (r.read()) read.push([r.gap, r.quantity]);
    expect(read).toEqual(written.map(([g, q]) => [g, Math.fround(q) === q || Number.isInteger(q) ? q : Math.fround(q)]));
  });

  it('spends one byte on a typical selling day', () => {
    expect(entryLength(1, 3)).toBe(1);
    expect(entryLength(8, 16)).toBe(1);
    expect(entryLength(9, 16)).toBe(2);
    expect(entryLength(3, 1.5)).toBe(6);
  });

  it('refuses a zero gap and notices truncated input', () => {
    expect(() => writeEntry(new Uint8Array(8), 0, 0, 1)).toThrow(RangeError);
    const bytes = new Uint8Array(8);
    const end = writeEntry(bytes, 0, 300, 1e6);
    expect(() => new EntryReader().reset(bytes, 0, end - 1).read()).toThrow(RangeError);
  });
});
