import type { PositionSupply, SupplyLine } from './StockLedger';

/** Where one waiting backorder stands against the position's supply as it is now. */
export interface BackorderPromise {
  id: string;
  quantity: number;
  /** date of the supply line that covers its last unit; null when supply no longer covers it all */
  promisedOn: string | null;
  /** units the supply still covers (less than quantity when a PO came short) */
  covered: number;
  /** the PO lines its units come from */
  documents: string[];
}

export interface SupplyAllocation {
  /** supply not yet promised, line by line, soonest first */
  remaining: SupplyLine[];
  promises: BackorderPromise[];
}

/** Supply soonest first (then by document): the order units are promised in, here and in the ledger's scripts. */
export function sortSupply(lines: readonly SupplyLine[]): SupplyLine[] {
  return [...lines].sort((a, b) => (a.expectedOn < b.expectedOn ? -1 : a.expectedOn > b.expectedOn ? 1 : a.document < b.document ? -1 : a.document > b.document ? 1 : 0));
}

/**
 * Waiting backorders take supply first come first served, each from the soonest units left. A late
 * or short PO therefore moves the promise of the backorders it covered (and of those after them),
 * which is how the graph answers "which orders does this PO affect".
 */
export function allocateSupply(s: Pick<PositionSupply, 'lines' | 'backorders'>): SupplyAllocation {
  const left = sortSupply(s.lines).map((l) => ({ ...l }));
  let i = 0;
  const promises = s.backorders.map(({ id, quantity }): BackorderPromise => {
    let need = quantity;
    let promisedOn: string | null = null;
    const documents: string[] = [];
    while (need > 0 && i < left.length) {
      const line = left[i]!;
      const take = Math.min(need, line.quantity);
      if (take > 0) {
        line.quantity -= take;
        need -= take;
        promisedOn = line.expectedOn;
        if (!documents.includes(line.document)) documents.push(line.document);
      }
      if (line.quantity === 0) i++;
    }
    return { id, quantity, promisedOn: need === 0 ? promisedOn : null, covered: quantity - need, documents };
  });
  return { remaining: left.filter((l) => l.quantity > 0), promises };
}

/** Units of a position's supply not yet promised. */
export function promisableUnits(s: Pick<PositionSupply, 'lines' | 'backorders'>): number {
  const supply = s.lines.reduce((n, l) => n + l.quantity, 0);
  const promised = s.backorders.reduce((n, b) => n + b.quantity, 0);
  return Math.max(0, supply - promised);
}

/** What some positions can still promise, summed by expected date, soonest first. */
export function promisableByDate(supplies: readonly Pick<PositionSupply, 'lines' | 'backorders'>[]): { expectedOn: string; quantity: number }[] {
  const byDate = new Map<string, number>();
  for (const s of supplies) {
    for (const l of allocateSupply(s).remaining) byDate.set(l.expectedOn, (byDate.get(l.expectedOn) ?? 0) + l.quantity);
  }
  return [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([expectedOn, quantity]) => ({ expectedOn, quantity }));
}
