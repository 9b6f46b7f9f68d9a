// The transaction cleaner, also keeping what the demand series drop: the price each sale was
// made at. Per code and week (7-day blocks from the file's first day): units sold and the median
// unit price of the week's sale lines, for fitting a price response (engine/priceResponse).
import type { PriceObservation } from '../engine/priceResponse';
import { toEpochDay } from './calendarDay';
import { normaliseStockCode } from './productCodes';
import { TransactionCleaner, type TransactionLine } from './TransactionCleaner';

export class WeeklyPriceCleaner extends TransactionCleaner {
  private readonly weeks = new Map<string, { code: string; week: number; units: number; prices: number[] }>();
  private origin: number | null = null;

  override accept(line: TransactionLine): void {
    const sales = this.stats.sales;
    const reinvoices = this.stats.reinvoices;
    super.accept(line);
    // only lines the cleaner took as new sales (not re-invoices, cancellations or skipped lines)
    if (this.stats.sales === sales || this.stats.reinvoices !== reinvoices) return;
    const day = toEpochDay(String(line.invoice_date));
    this.origin ??= day;
    const week = Math.floor((day - this.origin) / 7);
    const code = normaliseStockCode(line.stock_code);
    const key = `${code}|${week}`;
    let w = this.weeks.get(key);
    if (!w) this.weeks.set(key, (w = { code, week, units: 0, prices: [] }));
    w.units += Number(line.quantity);
    w.prices.push(Number(line.unit_price));
  }

  /** one observation per code × week with a sale */
  observations(): PriceObservation[] {
    return [...this.weeks.values()].map((w) => {
      const p = w.prices.sort((a, b) => a - b);
      const mid = p.length >> 1;
      return { item: w.code, period: w.week, units: w.units, price: p.length % 2 ? p[mid] : (p[mid - 1] + p[mid]) / 2 };
    });
  }
}
