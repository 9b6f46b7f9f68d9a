import { addDays } from './dates';
import type { Rng } from './Rng';
import type { WorldItem, WorldLocation, WorldOptions, WorldPurchaseOrder, WorldSupplier } from './World';

/**
 * Open POs (mostly to DCs, a few straight to stores, some partly received, some overdue) and a
 * few closed ones, numbered in order-date order like a real ERP number range.
 */
export function generatePurchaseOrders(
  opts: WorldOptions, items: WorldItem[], suppliers: WorldSupplier[], locations: WorldLocation[], rng: Rng,
): WorldPurchaseOrder[] {
  const bySupplier = new Map<string, WorldItem[]>();
  for (const item of items) bySupplier.set(item.lifnr, [...(bySupplier.get(item.lifnr) ?? []), item]);
  const active = suppliers.filter((s) => bySupplier.has(s.lifnr));
  const dcs = locations.filter((l) => l.type === 'DC');
  const stores = locations.filter((l) => l.type === 'STORE');
  const openCount = Math.max(12, Math.round(items.length / 20));
  const closedCount = Math.max(3, Math.round(openCount / 4));

  const drafts: Omit<WorldPurchaseOrder, 'ebeln'>[] = [];
  for (let n = 0; n < openCount + closedCount; n++) {
    const open = n < openCount;
    const supplier = rng.pick(active);
    const toStore = stores.length > 0 && rng.chance(0.1);
    const plant = (toStore ? rng.pick(stores) : rng.pick(dcs)).plant;
    const range = bySupplier.get(supplier.lifnr) as WorldItem[];
    const chosen = rng.shuffle(range).slice(0, rng.int(1, Math.min(8, range.length)));
    const orderedOn = addDays(opts.asOf, open ? -rng.int(1, 20) : -rng.int(30, 90));
    const expectedOn = addDays(orderedOn, supplier.leadTimeDays);
    const partlyReceived = open && rng.chance(0.15);
    drafts.push({
      lifnr: supplier.lifnr,
      plant,
      orderedOn,
      status: open ? 'open' : 'closed',
      lines: chosen.map((item, i) => {
        const cases = toStore ? rng.int(1, 3) : rng.int(2, 20);
        const qty = cases * item.packSize;
        const received = !open ? qty : partlyReceived && cases > 1 ? rng.int(1, cases - 1) * item.packSize : 0;
        return { ebelp: String((i + 1) * 10).padStart(5, '0'), matnr: item.matnr, qty, received, expectedOn };
      }),
    });
  }
  drafts.sort((a, b) => a.orderedOn.localeCompare(b.orderedOn));
  const sd = new Map(suppliers.map((s) => [s.lifnr, s.leadTimeSdDays]));
  return drafts.map((d, i) => {
    const ebeln = String(4500000001 + i);
    if (d.status !== 'closed') return { ebeln, ...d };
    // received around the expected day, spread by the supplier's lead-time σ; derived from the
    // order number, not the random stream, so every other figure of the world stays as it was
    const deviation = Math.round((sd.get(d.lifnr) ?? 0) * spread(ebeln));
    // a closed order was received by the world's as-of day, and not before it was placed
    const clamp = (day: string) => (day > opts.asOf.slice(0, 10) ? opts.asOf.slice(0, 10) : day < d.orderedOn ? d.orderedOn : day);
    return { ebeln, ...d, lines: d.lines.map((l) => ({ ...l, receivedOn: clamp(addDays(l.expectedOn, deviation)) })) };
  });
}

/** a deterministic value in [−1.5, 1.5] from a string, roughly bell-shaped (sum of three uniforms) */
function spread(key: string): number {
  let h = 2166136261;
  let total = 0;
  for (let k = 0; k < 3; k++) {
    for (const c of key + k) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    total += h / 2 ** 32 - 0.5;
  }
  return total;
}
