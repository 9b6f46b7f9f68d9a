// Calendar days as integers (days since 1970-01-01), so daily series are plain arrays indexed by
// day. Dates in the transaction files are shop-local wall-clock dates with no zone: they are read
// as calendar dates, never converted through a time zone.

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** 'YYYY-MM-DD' (anything after the date, such as a time, is ignored) → epoch day. */
export function toEpochDay(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${JSON.stringify(date.slice(0, 40))}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new RangeError(`not a calendar date: ${m[0]}`);
  return ms / MS_PER_DAY;
}

/** epoch day → 'YYYY-MM-DD'. */
export function fromEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
