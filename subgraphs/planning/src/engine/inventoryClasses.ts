// ABC/XYZ classes and the service target of each. ABC ranks items by demand value (units × price):
// A the items making the first 80% of value, B the next 15%, C the rest. XYZ by the coefficient of
// variation of daily demand: X < 0.5 (steady), Y < 1 (variable), Z otherwise (lumpy). Each of the
// nine classes gets either a cycle service level (chance of no stock-out in a cycle) or a fill rate
// (share of demand served from stock): fill rates suit lumpy items, where a cycle service level
// would buy stock for rare spikes.

export type Abc = 'A' | 'B' | 'C';
export type Xyz = 'X' | 'Y' | 'Z';
export type InventoryClass = `${Abc}${Xyz}`;
export interface ServiceTarget {
  kind: 'CYCLE_SERVICE_LEVEL' | 'FILL_RATE';
  value: number;
}

export const DEFAULT_CLASS_TARGETS: Record<InventoryClass, ServiceTarget> = {
  AX: { kind: 'CYCLE_SERVICE_LEVEL', value: 0.98 },
  AY: { kind: 'CYCLE_SERVICE_LEVEL', value: 0.97 },
  AZ: { kind: 'FILL_RATE', value: 0.97 },
  BX: { kind: 'CYCLE_SERVICE_LEVEL', value: 0.95 },
  BY: { kind: 'CYCLE_SERVICE_LEVEL', value: 0.93 },
  BZ: { kind: 'FILL_RATE', value: 0.95 },
  CX: { kind: 'CYCLE_SERVICE_LEVEL', value: 0.9 },
  CY: { kind: 'FILL_RATE', value: 0.92 },
  CZ: { kind: 'FILL_RATE', value: 0.9 },
};

export function xyzOf(dailyMean: number, dailySd: number): Xyz {
  if (!(dailyMean > 0)) return 'Z';
  const cv = dailySd / dailyMean;
  return cv < 0.5 ? 'X' : cv < 1 ? 'Y' : 'Z';
}

/** ABC by share of total demand value; ties keep input order. Items without value are C. */
export function abcClasses(values: readonly number[]): Abc[] {
  const order = values.map((v, i) => ({ v: Number.isFinite(v) && v > 0 ? v : 0, i })).sort((a, b) => b.v - a.v || a.i - b.i);
  const total = order.reduce((s, o) => s + o.v, 0);
  const out: Abc[] = new Array(values.length).fill('C');
  let before = 0;
  for (const o of order) {
    if (!(o.v > 0)) break;
    out[o.i] = before < 0.8 * total ? 'A' : before < 0.95 * total ? 'B' : 'C';
    before += o.v;
  }
  return out;
}
