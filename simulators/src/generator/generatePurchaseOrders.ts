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
  return drafts.map((d, i) => ({ ebeln: String(4500000001 + i), ...d }));
}
