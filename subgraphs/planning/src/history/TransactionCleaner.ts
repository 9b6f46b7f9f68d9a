// Turns invoice lines into net daily demand per stock code, one line at a time, applying the
// cleaning rules documented in the planning README (in this order):
//  1. malformed lines (bad date, quantity or price) are counted and skipped;
//  2. exact duplicates of an earlier line with the same timestamp are skipped;
//  3. `A` invoices (bad-debt adjustments) are skipped;
//  4. codes are upper-cased; fees, postage, adjustments and vouchers are skipped;
//  5. `C` invoices (cancellations) are netted against the same customer's earlier sales of the
//     code, on the day of that sale: first a sale with exactly the cancelled quantity still open,
//     else the most recent sales first; what cannot be matched is dropped. Anonymous cancellations
//     only net against an anonymous sale of exactly that quantity among the code's recent ones;
//  6. a sale that re-invoices a cancellation (same customer, code and quantity within 60 minutes
//     of a cancellation that fully matched an earlier sale) restores that sale instead of adding
//     demand on the new day: the order was re-priced, not bought again;
//  7. other negative quantities are stock write-offs, not demand; skipped;
//  8. zero or negative unit prices (stock found, free items, corrections) are skipped;
//  9. everything else is a sale: demand on its invoice date.
import { toEpochDay } from './calendarDay';
import { isNonProductCode, NON_PRODUCT_CODES, normaliseStockCode } from './productCodes';

export interface TransactionLine {
  invoice: string;
  stock_code: string;
  description?: string;
  quantity: string | number;
  invoice_date: string;
  unit_price: string | number;
  customer_id?: string;
  country?: string;
}

export interface CleaningStats {
  lines: number;
  malformed: number;
  duplicates: number;
  badDebt: number;
  nonProduct: number;
  writeOffs: number;
  zeroPrice: number;
  sales: number;
  cancellations: number;
  cancelledUnitsMatched: number;
  cancelledUnitsDropped: number;
  reinvoices: number;
}

export interface CleanedDemand {
  /** normalised stock codes, in order of first sale */
  codes: string[];
  /** epoch days of the first and last dated line in the input (every line counts) */
  firstDay: number;
  lastDay: number;
  /** net units per code per calendar day firstDay..lastDay, zeros included */
  series: Map<string, Float64Array>;
  /** days with positive net demand per code */
  sellingDays: Map<string, number>;
  stats: CleaningStats;
}

const REINVOICE_MINUTES = 60;
const ANONYMOUS_LOOKBACK = 50;

interface PendingReinvoice {
  quantity: number;
  minute: number;
  sale: number;
}

export class TransactionCleaner {
  readonly stats: CleaningStats = {
    lines: 0, malformed: 0, duplicates: 0, badDebt: 0, nonProduct: 0, writeOffs: 0, zeroPrice: 0,
    sales: 0, cancellations: 0, cancelledUnitsMatched: 0, cancelledUnitsDropped: 0, reinvoices: 0,
  };
  private readonly codeIds = new Map<string, number>();
  private readonly codes: string[] = [];
  private saleCode: number[] = [];
  private saleDay: number[] = [];
  private saleMinute: number[] = [];
  private saleOpen: number[] = [];
  private readonly salesByKey = new Map<string, number[]>();
  private readonly pending = new Map<string, PendingReinvoice>();
  private seenAtTimestamp = new Set<string>();
  private timestamp = '';
  private lastDate = '';
  private lastDateDay = 0;
  private firstDay = Infinity;
  private lastDay = -Infinity;

  constructor(private readonly nonProductCodes: ReadonlySet<string> = NON_PRODUCT_CODES) {}

  accept(line: TransactionLine): void {
    this.stats.lines++;
    const quantity = Number(line.quantity);
    const price = Number(line.unit_price);
    const when = String(line.invoice_date ?? '');
    let day: number;
    let minute: number;
    try {
      // lines come in date order, so the previous line's date almost always parses this one
      const date = when.slice(0, 10);
      if (date !== this.lastDate) {
        this.lastDateDay = toEpochDay(date);
        this.lastDate = date;
      }
      day = this.lastDateDay;
      const hm = /[ T](\d{2}):(\d{2})/.exec(when);
      minute = day * 1440 + (hm ? Number(hm[1]) * 60 + Number(hm[2]) : 0);
    } catch {
      this.stats.malformed++;
      return;
    }
    if (!Number.isFinite(quantity) || !Number.isFinite(price) || typeof line.invoice !== 'string' || typeof line.stock_code !== 'string') {
      this.stats.malformed++;
      return;
    }
    if (day < this.firstDay) this.firstDay = day;
    if (day > this.lastDay) this.lastDay = day;

    if (when !== this.timestamp) {
      this.timestamp = when;
      this.seenAtTimestamp = new Set();
    }
    const fingerprint = [line.invoice, line.stock_code, line.description ?? '', line.quantity, when, line.unit_price, line.customer_id ?? '', line.country ?? ''].join('\u0001');
    if (this.seenAtTimestamp.has(fingerprint)) {
      this.stats.duplicates++;
      return;
    }
    this.seenAtTimestamp.add(fingerprint);

    const invoice = line.invoice.trim().toUpperCase();
    if (invoice.startsWith('A')) {
      this.stats.badDebt++;
      return;
    }
    const code = normaliseStockCode(line.stock_code);
    if (isNonProductCode(code, this.nonProductCodes)) {
      this.stats.nonProduct++;
      return;
    }
    const customer = (line.customer_id ?? '').trim();
    const key = `${customer}|${code}`;
    if (invoice.startsWith('C')) {
      this.cancel(key, customer !== '', Math.abs(quantity), minute);
      return;
    }
    if (quantity < 0) {
      this.stats.writeOffs++;
      return;
    }
    if (!(price > 0) || quantity === 0) {
      this.stats.zeroPrice++;
      return;
    }
    const pending = this.pending.get(key);
    if (pending && pending.quantity === quantity && minute - pending.minute <= REINVOICE_MINUTES) {
      this.saleOpen[pending.sale] += quantity;
      this.pending.delete(key);
      this.stats.reinvoices++;
      return;
    }
    this.sale(key, code, day, minute, quantity);
  }

  private sale(key: string, code: string, day: number, minute: number, quantity: number): void {
    let id = this.codeIds.get(code);
    if (id === undefined) {
      id = this.codes.length;
      this.codeIds.set(code, id);
      this.codes.push(code);
    }
    const sale = this.saleOpen.length;
    this.saleCode.push(id);
    this.saleDay.push(day);
    this.saleMinute.push(minute);
    this.saleOpen.push(quantity);
    const list = this.salesByKey.get(key);
    if (list) list.push(sale);
    else this.salesByKey.set(key, [sale]);
    this.stats.sales++;
  }

  private cancel(key: string, named: boolean, units: number, minute: number): void {
    this.stats.cancellations++;
    const list = this.salesByKey.get(key) ?? [];
    const lookback = named ? list.length : Math.min(list.length, ANONYMOUS_LOOKBACK);
    for (let k = list.length - 1; k >= list.length - lookback; k--) {
      const s = list[k];
      if (this.saleOpen[s] === units && this.saleMinute[s] <= minute) {
        this.saleOpen[s] = 0;
        this.stats.cancelledUnitsMatched += units;
        if (named) this.pending.set(key, { quantity: units, minute, sale: s });
        return;
      }
    }
    let left = named ? units : 0;
    for (let k = list.length - 1; k >= 0 && left > 0; k--) {
      const s = list[k];
      if (this.saleMinute[s] > minute) continue;
      const take = Math.min(left, this.saleOpen[s]);
      this.saleOpen[s] -= take;
      left -= take;
      this.stats.cancelledUnitsMatched += take;
    }
    this.stats.cancelledUnitsDropped += named ? left : units;
  }

  /** Daily series over every calendar day of the input, zeros included. */
  finish(): CleanedDemand {
    const firstDay = Number.isFinite(this.firstDay) ? this.firstDay : 0;
    const lastDay = Number.isFinite(this.lastDay) ? this.lastDay : -1;
    const length = lastDay - firstDay + 1;
    const series = new Map<string, Float64Array>();
    for (const code of this.codes) series.set(code, new Float64Array(length));
    for (let s = 0; s < this.saleOpen.length; s++) {
      if (this.saleOpen[s] > 0) series.get(this.codes[this.saleCode[s]])![this.saleDay[s] - firstDay] += this.saleOpen[s];
    }
    const sellingDays = new Map<string, number>();
    for (const [code, values] of series) {
      let n = 0;
      for (const v of values) if (v > 0) n++;
      sellingDays.set(code, n);
    }
    return { codes: this.codes.slice(), firstDay, lastDay, series, sellingDays, stats: { ...this.stats } };
  }
}
