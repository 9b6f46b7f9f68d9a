// Net daily demand (sales − returns) per SKU × location over a rolling window of days, kept
// compactly: SKUs and locations are interned to integers, an open-addressing table in an
// Int32Array maps the pair to a series number, per-series metadata sits side by side in one
// Int32Array (one cache line per series: a live feed touches series in random order, and memory
// latency, not arithmetic, is the cost of a record), and each series' days are a varint byte run
// in a slab arena (see demandEncoding.ts): days without demand cost nothing, a typical selling day
// one byte. Days that fall out of the window are dropped when the series next needs room. Read a
// series back as a dense Float64Array with explicit zeros.
import { ByteArena, SLOT_SIZES, type SlotRef } from './ByteArena';
import { toEpochDay } from './calendarDay';
import { EntryReader, entryLength, writeEntry } from './demandEncoding';

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
// Per-series fields, STRIDE int32s each: sku, location, class·2^26 + slot, used + last·2^15 (bytes
// in use and where the last entry starts, both below 2^15: the largest slot is 16 KiB), first day,
// last day.
const STRIDE = 6;
const SKU = 0;
const LOC = 1;
const SLOT = 2;
const USED = 3;
const FIRST = 4;
const LAST = 5;
const SLOT_BITS = 1 << 26;
const USED_BITS = 1 << 15;

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
  private meta = new Int32Array(0);
  private latest = -Infinity;
  private readonly ref: SlotRef = { bytes: new Uint8Array(0), offset: 0, size: 0 };
  private readonly reader = new EntryReader();
  private dropped = 0;

  constructor(opts: DemandHistoryOptions = {}) {
    this.capacityDays = opts.capacityDays ?? 365;
    // a full window of 6-byte entries must fit the largest arena slot (16 KiB)
    if (!(Number.isInteger(this.capacityDays) && this.capacityDays > 0 && this.capacityDays <= 2500)) throw new RangeError('capacityDays must be an integer in 1..2500');
  }

  /** records refused because their day had already left the window */
  get droppedRecords(): number {
    return this.dropped;
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
      this.dropped++;
      return;
    }
    if (quantity === 0) return;
    const s = this.findOrCreate(skuIndex, locationIndex);
    const m = this.meta;
    const b = s * STRIDE;
    const cls = Math.floor(m[b + SLOT] / SLOT_BITS);
    const n = m[b + USED] % USED_BITS;
    const last = Math.floor(m[b + USED] / USED_BITS);
    if (n > 0 && day === m[b + LAST]) {
      const { bytes, offset } = this.arena.locate(cls, m[b + SLOT] % SLOT_BITS, this.ref);
      const r = this.reader.reset(bytes, offset + last, n - last);
      r.read();
      const total = r.quantity + quantity;
      if (last + entryLength(r.gap, total) <= SLOT_SIZES[cls]) {
        m[b + USED] = writeEntry(bytes, offset + last, r.gap, total) - offset + last * USED_BITS;
        return;
      }
    } else if (n === 0 || day > m[b + LAST]) {
      const gap = n === 0 ? 1 : day - m[b + LAST];
      if (n + entryLength(gap, quantity) <= SLOT_SIZES[cls]) {
        const { bytes, offset } = this.arena.locate(cls, m[b + SLOT] % SLOT_BITS, this.ref);
        m[b + USED] = writeEntry(bytes, offset + n, gap, quantity) - offset + n * USED_BITS;
        if (n === 0) m[b + FIRST] = day;
        m[b + LAST] = day;
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

  /** Whether anything was ever recorded for the SKU at the location (a series exists). */
  hasSeries(sku: string, location: string): boolean {
    const si = this.skuIds.get(sku);
    const li = this.locationIds.get(location);
    return si !== undefined && li !== undefined && this.find(si, li) !== EMPTY;
  }

  /** Like `series`, by series number (0 … seriesCount − 1); reuses `out` when given. */
  seriesAt(s: number, endDay = this.latest, days = this.capacityDays, out = new Float64Array(days)): Float64Array {
    out.fill(0);
    const start = endDay - days + 1;
    const windowStart = this.latest - this.capacityDays + 1;
    const r = this.open(s);
    let day = this.meta[s * STRIDE + FIRST] - 1;
    while (r.read()) {
      day += r.gap;
      if (day >= start && day <= endDay && day >= windowStart) out[day - start] += r.quantity;
    }
    return out;
  }

  /** The SKU and location codes of series number `s`. */
  keyOf(s: number): { sku: string; location: string } {
    return { sku: this.skuNames[this.meta[s * STRIDE + SKU]], location: this.locationNames[this.meta[s * STRIDE + LOC]] };
  }

  memory(): HistoryMemory {
    const arenaBytes = this.arena.reservedBytes();
    const metadataBytes = this.meta.byteLength;
    const indexBytes = this.table.byteLength;
    return { arenaBytes, metadataBytes, indexBytes, totalBytes: arenaBytes + metadataBytes + indexBytes };
  }

  private open(s: number): EntryReader {
    const b = s * STRIDE;
    const { bytes, offset } = this.arena.locate(Math.floor(this.meta[b + SLOT] / SLOT_BITS), this.meta[b + SLOT] % SLOT_BITS, this.ref);
    return this.reader.reset(bytes, offset, this.meta[b + USED] % USED_BITS);
  }

  private entries(s: number): { days: number[]; quantities: number[] } {
    const days: number[] = [];
    const quantities: number[] = [];
    const r = this.open(s);
    let day = this.meta[s * STRIDE + FIRST] - 1;
    while (r.read()) {
      day += r.gap;
      days.push(day);
      quantities.push(r.quantity);
    }
    return { days, quantities };
  }

  private rewrite(s: number, days: number[], quantities: number[]): void {
    const windowStart = this.latest - this.capacityDays + 1;
    const keep: number[] = [];
    let need = 0;
    for (let i = 0; i < days.length; i++) {
      if (days[i] < windowStart || quantities[i] === 0) continue;
      need += entryLength(keep.length === 0 ? 1 : days[i] - days[keep[keep.length - 1]], quantities[i]);
      keep.push(i);
    }
    const m = this.meta;
    const b = s * STRIDE;
    const cls = ByteArena.classFor(Math.max(need, 1));
    if (cls !== Math.floor(m[b + SLOT] / SLOT_BITS)) {
      this.arena.release(Math.floor(m[b + SLOT] / SLOT_BITS), m[b + SLOT] % SLOT_BITS);
      m[b + SLOT] = cls * SLOT_BITS + this.arena.allocate(cls);
    }
    const { bytes, offset } = this.arena.locate(cls, m[b + SLOT] % SLOT_BITS, this.ref);
    let pos = offset;
    let last = 0;
    for (let k = 0; k < keep.length; k++) {
      const i = keep[k];
      last = pos - offset;
      pos = writeEntry(bytes, pos, k === 0 ? 1 : days[i] - days[keep[k - 1]], quantities[i]);
    }
    m[b + USED] = pos - offset + last * USED_BITS;
    m[b + FIRST] = keep.length > 0 ? days[keep[0]] : 0;
    m[b + LAST] = keep.length > 0 ? days[keep[keep.length - 1]] : 0;
  }

  /** murmur3's 32-bit finaliser over both indexes: the low bits index the table, so mix well. */
  private hash(si: number, li: number): number {
    let h = (Math.imul(si, 0x9e3779b1) + li) | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  private find(si: number, li: number): number {
    const mask = this.table.length - 1;
    for (let h = this.hash(si, li) & mask; ; h = (h + 1) & mask) {
      const s = this.table[h];
      if (s === EMPTY) return EMPTY;
      if (this.meta[s * STRIDE + SKU] === si && this.meta[s * STRIDE + LOC] === li) return s;
    }
  }

  private findOrCreate(si: number, li: number): number {
    const found = this.find(si, li);
    if (found !== EMPTY) return found;
    if (this.count === this.cap) this.growSeries();
    if ((this.count + 1) * 2 > this.table.length) this.growTable();
    const s = this.count++;
    const b = s * STRIDE;
    this.meta[b + SKU] = si;
    this.meta[b + LOC] = li;
    this.meta[b + SLOT] = this.arena.allocate(0);
    this.meta[b + USED] = 0;
    this.insert(s);
    return s;
  }

  private insert(s: number): void {
    const mask = this.table.length - 1;
    let h = this.hash(this.meta[s * STRIDE + SKU], this.meta[s * STRIDE + LOC]) & mask;
    while (this.table[h] !== EMPTY) h = (h + 1) & mask;
    this.table[h] = s;
  }

  private growTable(): void {
    this.table = new Int32Array(this.table.length * 2).fill(EMPTY);
    for (let s = 0; s < this.count; s++) this.insert(s);
  }

  private growSeries(): void {
    this.cap = Math.max(1024, Math.ceil(this.cap * 1.5));
    const meta = new Int32Array(this.cap * STRIDE);
    meta.set(this.meta);
    this.meta = meta;
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
