import { CHANNELS, SOURCE_SYSTEMS, type Channel, type Position } from '../domain';
import type { LedgerSource } from './StockLedger';

/**
 * Every position of one SKU in a handful of objects: the figures live in one ArrayBuffer (off the
 * V8 heap once it is larger than a few dozen bytes), so a cache of thousands of SKUs gives the
 * garbage collector a few objects per SKU to mark instead of hundreds. Positions keep the order
 * they were packed in (the ledger's: by location id).
 *
 * Layout, n positions, one buffer:
 *   asOf         Float64 × n
 *   counts       Int16 × 9n  onHand, reserved, safetyStock, incoming, inTransit, held DTC…MARKETPLACE
 *   locations    Uint16 × n  interned location ids (see internLocation)
 *   meta         Uint8 × n   source (bits 0–2), inTransit present (bit 3), held present per channel (bits 4–7)
 * 29 bytes a position. Counts take the narrowest of three widths that holds every count of the
 * SKU: Int16 (most positions: a store or a DC holds fewer than 32,768 units), Int32 (47 bytes a
 * position), or Float64 for a count that is not an int32 (or is −0), which also widens the
 * locations to Uint32 (85 bytes a position), as does a location interned past 65,535. Nothing is
 * ever wrapped or rounded.
 *
 * Readers go by index (`onHand(i)`, `held(i, channel)`…) and allocate nothing; `position(i)` and
 * `toPositions()` build Position objects for the readers that need them.
 */
export class PackedPositions {
  private readonly asOfs: Float64Array;
  private readonly counts: Counts;
  private readonly locations: Uint16Array | Uint32Array;
  private readonly meta: Uint8Array;

  /** made by PackedPositionsBuilder (or fromPositions) */
  constructor(readonly sku: string, readonly length: number, buf: PackedBuffer) {
    this.asOfs = buf.asOfs;
    this.counts = buf.counts;
    this.locations = buf.locations;
    this.meta = buf.meta;
  }

  /** Packs positions as they are (the order kept; an empty `held` record packs as none). */
  static fromPositions(sku: string, positions: readonly Position[]): PackedPositions {
    const b = new PackedPositionsBuilder(sku, positions.length);
    positions.forEach((p, i) => {
      b.set(i, p.locationId, p.onHand, p.reserved, p.safetyStock, p.incoming, p.asOf, p.source, p.inTransit);
      if (p.held) for (const ch of CHANNELS) { const units = p.held[ch]; if (units !== undefined) b.hold(i, ch, units); }
    });
    return b.finish();
  }

  /** the bytes of the figures: what the buffer takes off the heap */
  get byteLength(): number {
    return this.asOfs.buffer.byteLength;
  }

  /** whether a count did not fit an int32 (or a location id an int16), so the counts are Float64 */
  get wide(): boolean {
    return this.countBytes === WIDE;
  }

  /** the bytes of each count: 2, 4 or 8 (the narrowest that holds every count of the SKU) */
  get countBytes(): 2 | 4 | 8 {
    return this.counts.BYTES_PER_ELEMENT as 2 | 4 | 8;
  }

  locationId(i: number): string { return LOCATION_IDS[this.locations[i]!]!; }
  onHand(i: number): number { return this.counts[i * STRIDE]!; }
  reserved(i: number): number { return this.counts[i * STRIDE + RESERVED]!; }
  safetyStock(i: number): number { return this.counts[i * STRIDE + SAFETY_STOCK]!; }
  incoming(i: number): number { return this.counts[i * STRIDE + INCOMING]!; }
  /** undefined when the position has none recorded (as Position.inTransit) */
  inTransit(i: number): number | undefined { return this.meta[i]! & IN_TRANSIT_BIT ? this.counts[i * STRIDE + IN_TRANSIT]! : undefined; }
  asOf(i: number): number { return this.asOfs[i]!; }
  source(i: number): LedgerSource { return SOURCES[this.meta[i]! & SOURCE_MASK]!; }
  /** units the channel holds at the position (0: none) */
  held(i: number, channel: Channel): number { return this.counts[i * STRIDE + HELD + CHANNEL_SLOT[channel]]!; }
  hasHeld(i: number): boolean { return (this.meta[i]! & HELD_BITS) !== 0; }

  /** the index of the position at a location, or −1 */
  indexOf(locationId: string): number {
    const id = LOCATION_INDEX.get(locationId);
    if (id === undefined) return -1;
    return this.locations.indexOf(id);
  }

  /** position i as the ledger reads it */
  position(i: number): Position {
    const m = this.meta[i]!;
    const p: Position = {
      sku: this.sku, locationId: this.locationId(i), onHand: this.onHand(i), reserved: this.reserved(i), safetyStock: this.safetyStock(i),
      incoming: this.incoming(i), asOf: this.asOfs[i]!, source: SOURCES[m & SOURCE_MASK]!,
    };
    if (m & IN_TRANSIT_BIT) p.inTransit = this.counts[i * STRIDE + IN_TRANSIT]!;
    if (m & HELD_BITS) {
      const held: Partial<Record<Channel, number>> = {};
      CHANNELS.forEach((ch, c) => { if (m & (HELD_BIT << c)) held[ch] = this.counts[i * STRIDE + HELD + c]!; });
      p.held = held;
    }
    return p;
  }

  toPositions(): Position[] {
    const out: Position[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.position(i);
    return out;
  }
}

/**
 * Fills a PackedPositions slot by slot (a decoder writes straight from the ledger's replies), then
 * `finish()`. Starts with Int16 counts and widens, copying, at the first figure the width in use
 * cannot hold: to Int32, or straight to Float64 for one an int32 cannot hold either.
 */
export class PackedPositionsBuilder {
  private buf: PackedBuffer;

  constructor(private readonly sku: string, private readonly n: number) {
    this.buf = allocate(n, SHORT);
  }

  set(i: number, locationId: string, onHand: number, reserved: number, safetyStock: number, incoming: number, asOf: number, source: LedgerSource, inTransit?: number): void {
    const code = SOURCE_CODE[source];
    if (code === undefined) throw new RangeError(`unknown ledger source: ${String(source)}`);
    const id = internLocation(locationId);
    if (id > 0xffff) this.widen(WIDE);
    const b = this.buf;
    b.locations[i] = id;
    b.asOfs[i] = asOf;
    b.meta[i] = code | (inTransit !== undefined ? IN_TRANSIT_BIT : 0);
    const k = i * STRIDE;
    this.count(k, onHand);
    this.count(k + RESERVED, reserved);
    this.count(k + SAFETY_STOCK, safetyStock);
    this.count(k + INCOMING, incoming);
    this.count(k + IN_TRANSIT, inTransit ?? 0);
  }

  /** the units a channel holds at position i (a channel outside CHANNELS has no slot and is left out) */
  hold(i: number, channel: Channel, units: number): void {
    const c = CHANNEL_SLOT[channel] as number | undefined;
    if (c === undefined) return;
    this.buf.meta[i] = this.buf.meta[i]! | (HELD_BIT << c);
    this.count(i * STRIDE + HELD + c, units);
  }

  /** the index of a location, or −1: once every slot is set (an unset slot reads as the first location interned) */
  indexOf(locationId: string): number {
    const id = LOCATION_INDEX.get(locationId);
    return id === undefined ? -1 : this.buf.locations.indexOf(id);
  }

  finish(): PackedPositions {
    return new PackedPositions(this.sku, this.n, this.buf);
  }

  private count(k: number, v: number): void {
    const width = widthOf(v);
    if (width > this.buf.counts.BYTES_PER_ELEMENT) this.widen(width);
    this.buf.counts[k] = v;
  }

  private widen(width: Width): void {
    const from = this.buf;
    if (from.counts.BYTES_PER_ELEMENT >= width) return;
    const to = allocate(this.n, width);
    to.asOfs.set(from.asOfs);
    to.counts.set(from.counts);
    to.locations.set(from.locations);
    to.meta.set(from.meta);
    this.buf = to;
  }
}

type Counts = Int16Array | Int32Array | Float64Array;
interface PackedBuffer { asOfs: Float64Array; counts: Counts; locations: Uint16Array | Uint32Array; meta: Uint8Array }

/** the bytes of a count */
type Width = 2 | 4 | 8;
const SHORT: Width = 2;
const INT: Width = 4;
const WIDE: Width = 8;

const STRIDE = 9;
const RESERVED = 1;
const SAFETY_STOCK = 2;
const INCOMING = 3;
const IN_TRANSIT = 4;
const HELD = 5;

const SOURCES: readonly LedgerSource[] = [...SOURCE_SYSTEMS, 'LEDGER'];
const SOURCE_CODE: Record<string, number | undefined> = Object.fromEntries(SOURCES.map((s, i) => [s, i]));
const SOURCE_MASK = 0b111;
const IN_TRANSIT_BIT = 1 << 3;
const HELD_BIT = 1 << 4;
const HELD_BITS = 0b1111 << 4;
const CHANNEL_SLOT = Object.fromEntries(CHANNELS.map((c, i) => [c, i])) as Record<Channel, number>;

/** the narrowest count that holds v exactly (−0 and anything not an int32 only a Float64) */
function widthOf(v: number): Width {
  if ((v | 0) !== v || Object.is(v, -0)) return WIDE;
  return (v << 16 >> 16) === v ? SHORT : INT;
}

function allocate(n: number, width: Width): PackedBuffer {
  const wide = width === WIDE;
  const locationBytes = wide ? 4 : 2;
  const countsAt = 8 * n;
  const locationsAt = countsAt + width * STRIDE * n;
  const metaAt = locationsAt + locationBytes * n;
  const buffer = new ArrayBuffer(metaAt + n);
  return {
    asOfs: new Float64Array(buffer, 0, n),
    counts: wide ? new Float64Array(buffer, countsAt, STRIDE * n) : width === INT ? new Int32Array(buffer, countsAt, STRIDE * n) : new Int16Array(buffer, countsAt, STRIDE * n),
    locations: wide ? new Uint32Array(buffer, locationsAt, n) : new Uint16Array(buffer, locationsAt, n),
    meta: new Uint8Array(buffer, metaAt, n),
  };
}

/**
 * Location ids interned to small integers, for the life of the process: a network has a few
 * hundred locations, and every cached SKU names them by number instead of holding its own strings.
 */
const LOCATION_IDS: string[] = [];
const LOCATION_INDEX = new Map<string, number>();

function internLocation(locationId: string): number {
  let id = LOCATION_INDEX.get(locationId);
  if (id === undefined) {
    id = LOCATION_IDS.length;
    LOCATION_IDS.push(locationId);
    LOCATION_INDEX.set(locationId, id);
  }
  return id;
}
