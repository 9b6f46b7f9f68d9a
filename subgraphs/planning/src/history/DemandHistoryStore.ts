// Net daily demand (sales − returns) per SKU × location over a rolling window of days, kept
// compactly: SKUs and locations are interned to integers, an open-addressing table in an
// Int32Array maps the pair to a series number, per-series metadata sits in typed arrays, and each
// series' days are a varint byte run in a slab arena (see demandEncoding.ts): days without demand
// cost nothing, a typical selling day two bytes. Days that fall out of the window are dropped when
// the series next needs room. Read a series back as a dense Float64Array with explicit zeros.
import { ByteArena, SLOT_SIZES, type SlotRef } from './ByteArena';
import { toEpochDay } from './calendarDay';
import { EntryReader, encodedQuantityLength, varintLength, writeQuantity, writeVarint } from './demandEncoding';

export interface DemandHistoryOptions {
  /** days kept per series (the ring length); default 365 */
  capacityDays?: number;
}

export interface HistoryMemory {
  arenaBytes: number;
  metadataBytes: number;
  indexBytes: number;
  totalBytes: number;
}

const EMPTY = -1;
const META_FIELDS = 4 + 4 + 1 + 4 + 2 + 4 + 4 + 2; // sku, location, class, slot, used, first, last, lastQtyOffset

export class DemandHistoryStore {
  readonly capacityDays: number;
  private readonly skuIds = new Map<string, number>();
  private readonly skuNames: string[] = [];
  private readonly locationIds = new Map<string, number>();
  private readonly locationNames: string[] = [];
  private readonly arena = new ByteArena();
  private table = new Int32Array(1 << 10).fill(EMPTY);
  private count = 0;
  private cap = 0;
  private sku = new Int32Array(0);
  private loc = new Int32Array(0);
  private cls = new Uint8Array(0);
  private slot = new Int32Array(0);
  private used = new Uint16Array(0);
  private firstDay = new Int32Array(0);
  private lastDay = new Int32Array(0);
  private lastQty = new Uint16Array(0);
  private latest = -Infinity;
  private readonly ref: SlotRef = { bytes: new Uint8Array(0), offset: 0, size: 0 };
  private readonly reader = new EntryReader();
  /** records refused because their day had already left the window */
  droppedRecords = 0;

  constructor(opts: DemandHistoryOptions = {}) {
    this.capacityDays = opts.capacityDays ?? 365;
    if (!(Number.isInteger(this.capacityDays) && this.capacityDays > 0 && this.capacityDays <= 4000)) throw new RangeError('capacityDays must be an integer in 1..4000');
  }

  get seriesCount(): number {
    return this.count;
  }

  /** The most recent day recorded (epoch day); the window ends here. */
  get latestDay(): number {
    return this.latest;
  }

  internSku(code: string): number {
    return intern(code, this.skuIds, this.skuNames);
  }

  internLocation(code: string): number {
    return intern(code, this.locationIds, this.locationNames);
  }

  /** Adds `quantity` (negative for returns) to the day's net demand. `date` is 'YYYY-MM-DD' or an epoch day. */
  record(sku: string, location: string, date: string | number, quantity: number): void {
    this.recordIndexed(this.internSku(sku), this.internLocation(location), typeof date === 'number' ? date : toEpochDay(date), quantity);
  }

  recordIndexed(skuIndex: number, locationIndex: number, day: number, quantity: number): void {
    if (!Number.isFinite(quantity)) throw new RangeError('quantity must be finite');
    if (!Number.isInteger(day)) throw new RangeError('day must be an integer epoch day');
    if (day > this.latest) this.latest = day;
    if (day <= this.latest - this.capacityDays) {
      this.droppedRecords++;
      return;
    }
    if (quantity === 0) return;
    const s = this.findOrCreate(skuIndex, locationIndex);
    const n = this.used[s];
    if (n > 0 && day === this.lastDay[s]) {
      const { bytes, offset } = this.arena.locate(this.cls[s], this.slot[s], this.ref);
      const previous = this.reader.reset(bytes, offset + this.lastQty[s], n - this.lastQty[s]).readQuantity();
      const total = previous + quantity;
      const need = this.lastQty[s] + encodedQuantityLength(total);
      if (need <= SLOT_SIZES[this.cls[s]]) {
        this.used[s] = writeQuantity(bytes, offset + this.lastQty[s], total) - offset;
        return;
      }
    } else if (n === 0 || day > this.lastDay[s]) {
      const gap = n === 0 ? 0 : day - this.lastDay[s];
      const need = n + varintLength(gap) + encodedQuantityLength(quantity);
      if (need <= SLOT_SIZES[this.cls[s]]) {
        const { bytes, offset } = this.arena.locate(this.cls[s], this.slot[s], this.ref);
        const qtyAt = writeVarint(bytes, offset + n, gap);
        this.used[s] = writeQuantity(bytes, qtyAt, quantity) - offset;
        this.lastQty[s] = qtyAt - offset;
        if (n === 0) this.firstDay[s] = day;
        this.lastDay[s] = day;
        return;
      }
    }
    // Out of order, or out of room: decode, merge, drop expired days, re-encode.
    const { days, quantities } = this.entries(s);
    const at = lowerBound(days, day);
    if (at < days.length && days[at] === day) quantities[at] += quantity;
    else {
      days.splice(at, 0, day);
      quantities.splice(at, 0, quantity);
    }
    this.rewrite(s, days, quantities);
  }

  /** Daily net demand for the `days` days ending at `endDay` (default: the window), zeros included. */
  series(sku: string, location: string, endDay = this.latest, days = this.capacityDays): Float64Array {
    const out = new Float64Array(days);
    const si = this.skuIds.get(sku);
    const li = this.locationIds.get(location);
    if (si === undefined || li === undefined || !Number.isFinite(endDay)) return out;
    const s = this.find(si, li);
    return s === EMPTY ? out : this.seriesAt(s, endDay, days, out);
  }

  /** Like `series`, by series number (0 … seriesCount − 1); reuses `out` when given. */
  seriesAt(s: number, endDay = this.latest, days = this.capacityDays, out = new Float64Array(days)): Float64Array {
    out.fill(0);
    const start = endDay - days + 1;
    const windowStart = this.latest - this.capacityDays + 1;
    const { bytes, offset } = this.arena.locate(this.cls[s], this.slot[s], this.ref);
    const r = this.reader.reset(bytes, offset, this.used[s]);
    let day = this.firstDay[s];
    while (r.read()) {
      day += r.gap;
      if (day >= start && day <= endDay && day >= windowStart) out[day - start] += r.quantity;
    }
    return out;
  }

  /** The SKU and location codes of series number `s`. */
  keyOf(s: number): { sku: string; location: string } {
    return { sku: this.skuNames[this.sku[s]], location: this.locationNames[this.loc[s]] };
  }

  memory(): HistoryMemory {
    const arenaBytes = this.arena.reservedBytes();
    const metadataBytes = this.cap * META_FIELDS;
    const indexBytes = this.table.byteLength;
    return { arenaBytes, metadataBytes, indexBytes, totalBytes: arenaBytes + metadataBytes + indexBytes };
  }

  private entries(s: number): { days: number[]; quantities: number[] } {
    const days: number[] = [];
    const quantities: number[] = [];
    if (this.used[s] === 0) return { days, quantities };
    const { bytes, offset } = this.arena.locate(this.cls[s], this.slot[s], this.ref);
    const r = this.reader.reset(bytes, offset, this.used[s]);
    let day = this.firstDay[s];
    while (r.read()) {
      day += r.gap;
      days.push(day);
      quantities.push(r.quantity);
    }
    return { days, quantities };
  }

  private rewrite(s: number, days: number[], quantities: number[]): void {
    const windowStart = this.latest - this.capacityDays + 1;
    let need = 0;
    let prev = NaN;
    const keep: number[] = [];
    for (let i = 0; i < days.length; i++) {
      if (days[i] < windowStart || quantities[i] === 0) continue;
      need += varintLength(keep.length === 0 ? 0 : days[i] - prev) + encodedQuantityLength(quantities[i]);
      prev = days[i];
      keep.push(i);
    }
    const cls = ByteArena.classFor(Math.max(need, 1));
    if (cls !== this.cls[s]) {
      this.arena.release(this.cls[s], this.slot[s]);
      this.cls[s] = cls;
      this.slot[s] = this.arena.allocate(cls);
    }
    const { bytes, offset } = this.arena.locate(cls, this.slot[s], this.ref);
    let pos = offset;
    for (let k = 0; k < keep.length; k++) {
      const i = keep[k];
      pos = writeVarint(bytes, pos, k === 0 ? 0 : days[i] - days[keep[k - 1]]);
      this.lastQty[s] = pos - offset;
      pos = writeQuantity(bytes, pos, quantities[i]);
    }
    this.used[s] = pos - offset;
    this.firstDay[s] = keep.length > 0 ? days[keep[0]] : 0;
    this.lastDay[s] = keep.length > 0 ? days[keep[keep.length - 1]] : 0;
  }

  private hash(si: number, li: number): number {
    return (Math.imul(si, 0x9e3779b1) ^ Math.imul(li + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  }

  private find(si: number, li: number): number {
    const mask = this.table.length - 1;
    for (let h = this.hash(si, li) & mask; ; h = (h + 1) & mask) {
      const s = this.table[h];
      if (s === EMPTY) return EMPTY;
      if (this.sku[s] === si && this.loc[s] === li) return s;
    }
  }

  private findOrCreate(si: number, li: number): number {
    const found = this.find(si, li);
    if (found !== EMPTY) return found;
    if (this.count === this.cap) this.growSeries();
    if ((this.count + 1) * 2 > this.table.length) this.growTable();
    const s = this.count++;
    this.sku[s] = si;
    this.loc[s] = li;
    this.cls[s] = 0;
    this.slot[s] = this.arena.allocate(0);
    this.used[s] = 0;
    this.insert(s);
    return s;
  }

  private insert(s: number): void {
    const mask = this.table.length - 1;
    let h = this.hash(this.sku[s], this.loc[s]) & mask;
    while (this.table[h] !== EMPTY) h = (h + 1) & mask;
    this.table[h] = s;
  }

  private growTable(): void {
    this.table = new Int32Array(this.table.length * 2).fill(EMPTY);
    for (let s = 0; s < this.count; s++) this.insert(s);
  }

  private growSeries(): void {
    const cap = Math.max(1024, Math.ceil(this.cap * 1.5));
    this.sku = resize(this.sku, cap);
    this.loc = resize(this.loc, cap);
    this.cls = resize(this.cls, cap);
    this.slot = resize(this.slot, cap);
    this.used = resize(this.used, cap);
    this.firstDay = resize(this.firstDay, cap);
    this.lastDay = resize(this.lastDay, cap);
    this.lastQty = resize(this.lastQty, cap);
    this.cap = cap;
  }
}

function intern(code: string, ids: Map<string, number>, names: string[]): number {
  let id = ids.get(code);
  if (id === undefined) {
    id = names.length;
    ids.set(code, id);
    names.push(code);
  }
  return id;
}

type Typed = Int32Array | Uint8Array | Uint16Array;
function resize<T extends Typed>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

function lowerBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
