import type { Position } from '../domain';
import type { PackedPositionsBuilder } from './PackedPositions';
import type { LedgerSource } from './StockLedger';

/**
 * A position is stored as one short string per location inside the SKU's hash, so 200 locations
 * of a SKU stay in one compact listpack:
 *   onHand|reserved|safetyStock|incoming|asOf|sourceCode|absoluteAt[|inTransit]
 * inTransit (units shipped to the location by a transfer and not yet received) is written only
 * when there are some, so most positions keep seven fields. absoluteAt is the source time of the last absolute figure (snapshot or count), which the stale
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

/** onHand, reserved, safetyStock, incoming, asOf, absoluteAt, inTransit of the last scan (reused: no allocation per position) */
const FIELDS = new Float64Array(7);

/**
 * Reads `onHand|reserved|safetyStock|incoming|asOf|sourceCode|absoluteAt` into FIELDS and returns
 * the source, or undefined when the string is not exactly that (the first four may be negative).
 * A scan by character code, not a regex with seven captured substrings: a routing or availability
 * read decodes a thousand positions, and what it allocates is what the garbage collector pauses for.
 */
function scanPacked(packed: string): LedgerSource | undefined {
  const n = packed.length;
  let i = 0;
  let source: LedgerSource | undefined;
  for (let f = 0; f < 7; f++) {
    if (f === 5) {
      source = SOURCE[packed.charAt(i)];
      if (!source) return undefined;
      i++;
    } else {
      const negative = f < 4 && packed.charCodeAt(i) === 45; // '-'
      if (negative) i++;
      let v = 0;
      const from = i;
      for (let c = packed.charCodeAt(i); c >= 48 && c <= 57; c = packed.charCodeAt(++i)) v = v * 10 + (c - 48);
      if (i === from) return undefined;
      FIELDS[f < 5 ? f : 5] = negative ? -v : v;
    }
    if (f < 6 && packed.charCodeAt(i++) !== 124) return undefined; // '|'
  }
  FIELDS[6] = 0;
  if (i < n && packed.charCodeAt(i) === 124) {
    let v = 0;
    const from = ++i;
    for (let c = packed.charCodeAt(i); c >= 48 && c <= 57; c = packed.charCodeAt(++i)) v = v * 10 + (c - 48);
    if (i === from) return undefined;
    FIELDS[6] = v;
  }
  return i === n ? source : undefined;
}

function corrupt(sku: string, locationId: string, packed: string): Error {
  return new Error(`corrupt ledger position ${sku}@${locationId}: ${packed}`);
}

export function unpackPosition(sku: string, locationId: string, packed: string): StoredPosition {
  const source = scanPacked(packed);
  if (!source) throw corrupt(sku, locationId, packed);
  const p: StoredPosition = { sku, locationId, onHand: FIELDS[0]!, reserved: FIELDS[1]!, safetyStock: FIELDS[2]!, incoming: FIELDS[3]!, asOf: FIELDS[4]!, source, absoluteAt: FIELDS[5]! };
  if (FIELDS[6]! > 0) p.inTransit = FIELDS[6]!;
  return p;
}

/** unpackPosition without absoluteAt: what readers get, built once instead of copied */
export function unpackPublicPosition(sku: string, locationId: string, packed: string): Position {
  const source = scanPacked(packed);
  if (!source) throw corrupt(sku, locationId, packed);
  const p: Position = { sku, locationId, onHand: FIELDS[0]!, reserved: FIELDS[1]!, safetyStock: FIELDS[2]!, incoming: FIELDS[3]!, asOf: FIELDS[4]!, source };
  if (FIELDS[6]! > 0) p.inTransit = FIELDS[6]!;
  return p;
}

/** unpackPublicPosition into slot i of a packed SKU: the figures go straight into its arrays, no Position is built */
export function unpackPositionInto(into: PackedPositionsBuilder, i: number, sku: string, locationId: string, packed: string): void {
  const source = scanPacked(packed);
  if (!source) throw corrupt(sku, locationId, packed);
  into.set(i, locationId, FIELDS[0]!, FIELDS[1]!, FIELDS[2]!, FIELDS[3]!, FIELDS[4]!, source, FIELDS[6]! > 0 ? FIELDS[6]! : undefined);
}

export function packPosition(p: StoredPosition): string {
  const fields = [p.onHand, p.reserved, p.safetyStock, p.incoming, p.asOf, sourceCode(p.source), p.absoluteAt];
  if (p.inTransit) fields.push(p.inTransit);
  return fields.join('|');
}

export function publicPosition(p: StoredPosition): Position {
  const { absoluteAt: _absoluteAt, ...position } = p;
  return position;
}

export function emptyPosition(sku: string, locationId: string): StoredPosition {
  return { sku, locationId, onHand: 0, reserved: 0, safetyStock: 0, incoming: 0, asOf: 0, source: 'LEDGER', absoluteAt: 0 };
}
