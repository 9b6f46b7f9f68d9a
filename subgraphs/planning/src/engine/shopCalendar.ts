// Days a shop is known in advance to be closed. England & Wales bank holidays (gov.uk) for the
// years the real file and its scoring weeks cover, and the days a history shows the whole shop
// selling nothing (Christmas shutdown, Easter Sunday): a retailer knows its own calendar, so a
// forecast may use it; demand on such a day is 0, and the day says nothing about demand levels.
import { toEpochDay } from '../history/calendarDay';

export const ENGLAND_BANK_HOLIDAYS: readonly string[] = [
  '2010-01-01', '2010-04-02', '2010-04-05', '2010-05-03', '2010-05-31', '2010-08-30', '2010-12-27', '2010-12-28',
  '2011-01-03', '2011-04-22', '2011-04-25', '2011-04-29', '2011-05-02', '2011-05-30', '2011-08-29', '2011-12-26', '2011-12-27',
  '2012-01-02', '2012-04-06', '2012-04-09', '2012-05-07', '2012-06-04', '2012-06-05', '2012-08-27', '2012-12-25', '2012-12-26',
];

/** Closed epoch days: the given dates plus every day in [firstDay, firstDay + totals.length) on which total demand was ≤ 0. */
export function closedDays(firstDay: number, totals: ArrayLike<number> | null, dates: readonly string[] = ENGLAND_BANK_HOLIDAYS): Set<number> {
  const out = new Set(dates.map(toEpochDay));
  if (totals) for (let i = 0; i < totals.length; i++) if (!(totals[i] > 0)) out.add(firstDay + i);
  return out;
}
