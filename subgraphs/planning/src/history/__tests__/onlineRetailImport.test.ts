// The real Online Retail export (data/online-retail): its README's counts and traps.
import { resolve } from 'node:path';
import { dayOfWeek, fromEpochDay, toEpochDay } from '../calendarDay';
import { importTransactionsFile } from '../importTransactions';
import type { CleanedDemand } from '../TransactionCleaner';

const FILE = resolve(__dirname, '../../../../../data/online-retail/transactions.csv.gz');

describe('Online Retail import', () => {
  let d: CleanedDemand;
  beforeAll(async () => {
    d = await importTransactionsFile(FILE);
  }, 60_000);
  const at = (code: string, date: string) => d.series.get(code)![toEpochDay(date) - d.firstDay];

  it('reads every line and finds the README counts of duplicates, write-offs and bad debt', () => {
    expect(d.stats.lines).toBe(370931);
    expect(d.stats.duplicates).toBe(2848);
    expect(d.stats.writeOffs).toBe(1023);
    expect(d.stats.badDebt).toBe(3);
    expect(d.stats.malformed).toBe(0);
    expect([fromEpochDay(d.firstDay), fromEpochDay(d.lastDay)]).toEqual(['2010-12-01', '2011-09-30']);
  });

  it('has demand on the 245 trading days only, never on a Saturday', () => {
    const days = d.lastDay - d.firstDay + 1;
    let trading = 0;
    let saturdays = 0;
    for (let i = 0; i < days; i++) {
      let sold = false;
      for (const s of d.series.values()) if (s[i] > 0) sold = true;
      if (sold) trading++;
      if (sold && dayOfWeek(d.firstDay + i) === 6) saturdays++;
    }
    expect(trading).toBe(245);
    expect(saturdays).toBe(0);
  });

  it('nets the 74,215-unit order of 23166 against its cancellation', () => {
    expect(at('23166', '2011-01-18')).toBe(0);
  });

  it('keeps customer 15749 re-priced order on its original day, not on the re-invoice day', () => {
    expect(at('21108', '2011-01-11')).toBeGreaterThanOrEqual(3114);
    expect(at('21108', '2011-04-18')).toBeLessThan(100);
    expect(at('85123A', '2011-04-18')).toBeLessThan(1930);
  });

  it('merges lower-case codes and keeps DCGS items but no fee codes', () => {
    expect(d.codes.every((c) => c === c.toUpperCase())).toBe(true);
    expect(d.codes.some((c) => c.startsWith('DCGS'))).toBe(true);
    for (const fee of ['POST', 'DOT', 'M', 'C2', 'D', 'S', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS', 'B']) expect(d.series.has(fee)).toBe(false);
    expect(d.codes.some((c) => c.startsWith('GIFT_0001'))).toBe(false);
  });
});
