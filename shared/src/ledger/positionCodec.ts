import type { Position } from '../domain';
import type { LedgerSource } from './StockLedger';

/**
 * A position is stored as one short string per location inside the SKU's hash, so 200 locations
 * of a SKU stay in one compact listpack:
 *   onHand|reserved|safetyStock|incoming|asOf|sourceCode|absoluteAt
 * absoluteAt is the source time of the last absolute figure (snapshot or count), which the stale
 * check compares against; it is not part of Position. The Lua scripts read and write the same format.
 */
export interface StoredPosition extends Position {
  absoluteAt: number;
}

const CODE: Record<LedgerSource, string> = { ERP: 'E', WMS: 'W', POS: 'P', OMS: 'O', LEDGER: 'L' };
const SOURCE: Record<string, LedgerSource> = { E: 'ERP', W: 'WMS', P: 'POS', O: 'OMS', L: 'LEDGER' };

export function sourceCode(source: LedgerSource): string {
  const code = CODE[source];
  if (!code) throw new RangeError(`unknown ledger source: ${String(source)}`);
  return code;
}

/** onHand, reserved, safetyStock, incoming, asOf, absoluteAt of the last scan (reused: no allocation per position) */
const FIELDS = new Float64Array(6);

/**
 * Reads `onHand|reserved|safetyStock|incoming|asOf|sourceCode|absoluteAt` into FIELDS and returns
 * the source, or undefined when the string is not exactly that (the first four may be negative).
 * A scan by character code, not a regex with seven captured substrings: a routing or availability
 * read decodes a thousand positions, and what it allocates is what the garbage collector pauses for.
 */
function scanPacked(packed: string): LedgerSource | undefined {
  return scanPackedAt(packed, 0) === packed.length ? SCANNED.source : undefined;
}

/** the source of the last scanPackedAt, beside FIELDS */
const SCANNED: { source: LedgerSource | undefined } = { source: undefined };

/** scanPacked from `start` of a longer string: the index after the position, or -1 */
function scanPackedAt(s: string, start: number): number {
  let i = start;
  for (let f = 0; f < 7; f++) {
    if (f === 5) {
      SCANNED.source = SOURCE[s.charAt(i)];
      if (!SCANNED.source) return -1;
      i++;
    } else {
      const negative = f < 4 && s.charCodeAt(i) === 45; // '-'
      if (negative) i++;
      let v = 0;
      const from = i;
      for (let c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) v = v * 10 + (c - 48);
      if (i === from) return -1;
      FIELDS[f < 5 ? f : 5] = negative ? -v : v;
    }
    if (f < 6 && s.charCodeAt(i++) !== 124) return -1; // '|'
  }
  return i;
}

function corrupt(sku: string, locationId: string, packed: string): Error {
  return new Error(`corrupt ledger position ${sku}@${locationId}: ${packed}`);
}

export function unpackPosition(sku: string, locationId: string, packed: string): StoredPosition {
  const source = scanPacked(packed);
  if (!source) throw corrupt(sku, locationId, packed);
  return { sku, locationId, onHand: FIELDS[0]!, reserved: FIELDS[1]!, safetyStock: FIELDS[2]!, incoming: FIELDS[3]!, asOf: FIELDS[4]!, source, absoluteAt: FIELDS[5]! };
}

/**
 * A SKU's positions as READ_POSITIONS sends them (`location\npacked\n`, repeated), in location
 * order. Only the location ids become strings: the figures are scanned where they lie.
 */
export function unpackPositionList(sku: string, text: string): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < text.length;) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? -1 : scanPackedAt(text, nl + 1);
    if (end < 0 || text.charCodeAt(end) !== 10) throw corrupt(sku, nl < 0 ? text.slice(i) : text.slice(i, nl), text.slice(nl + 1, Math.max(nl + 1, text.indexOf('\n', nl + 1))));
    out.push({ sku, locationId: text.slice(i, nl), onHand: FIELDS[0]!, reserved: FIELDS[1]!, safetyStock: FIELDS[2]!, incoming: FIELDS[3]!, asOf: FIELDS[4]!, source: SCANNED.source! });
    i = end + 1;
  }
  return out.sort(byLocation);
}

const byLocation = (a: Position, b: Position): number => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0);

/** unpackPosition without absoluteAt: what readers get, built once instead of copied */
export function unpackPublicPosition(sku: string, locationId: string, packed: string): Position {
  const source = scanPacked(packed);
  if (!source) throw corrupt(sku, locationId, packed);
  return { sku, locationId, onHand: FIELDS[0]!, reserved: FIELDS[1]!, safetyStock: FIELDS[2]!, incoming: FIELDS[3]!, asOf: FIELDS[4]!, source };
}

export function packPosition(p: StoredPosition): string {
  return [p.onHand, p.reserved, p.safetyStock, p.incoming, p.asOf, sourceCode(p.source), p.absoluteAt].join('|');
}

export function publicPosition(p: StoredPosition): Position {
  const { absoluteAt: _absoluteAt, ...position } = p;
  return position;
}

export function emptyPosition(sku: string, locationId: string): StoredPosition {
  return { sku, locationId, onHand: 0, reserved: 0, safetyStock: 0, incoming: 0, asOf: 0, source: 'LEDGER', absoluteAt: 0 };
}
