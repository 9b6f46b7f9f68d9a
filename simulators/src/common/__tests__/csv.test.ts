import { parse } from 'csv-parse/sync';
import { csvField, toCsv } from '../csv';

describe('toCsv', () => {
  it('quotes only what needs quoting and round-trips through a real parser', () => {
    const rows = [
      ['plain', 'has,comma', 'has "quote"', 'line\nbreak', ' edge ', null, 3],
    ];
    const text = toCsv(['a', 'b', 'c', 'd', 'e', 'f', 'g'], rows);
    expect(text).toBe('a,b,c,d,e,f,g\r\nplain,"has,comma","has ""quote""","line\nbreak"," edge ",,3\r\n');
    expect(parse(text, { columns: true })).toEqual([{ a: 'plain', b: 'has,comma', c: 'has "quote"', d: 'line\nbreak', e: ' edge ', f: '', g: '3' }]);
    expect(csvField(undefined)).toBe('');
  });
});
