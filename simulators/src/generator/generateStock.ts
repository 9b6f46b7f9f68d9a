import type { Rng } from './Rng';
import type { WorldItem, WorldLocation } from './World';

/** -1 in a stock array: the location does not range the item. */
export const NOT_RANGED = -1;

/**
 * DCs range most items in full cases plus a broken case; stores range a subset that depends on
 * their size, a few eaches each, and some ranged lines sit at zero (they sold out).
 */
export function generateStock(items: WorldItem[], locations: WorldLocation[], rng: Rng): Record<string, Int32Array> {
  const stock: Record<string, Int32Array> = {};
  for (const loc of locations) {
    const qty = new Int32Array(items.length).fill(NOT_RANGED);
    if (loc.type === 'DC') {
      for (const item of items) {
        if (!rng.chance(0.92)) continue;
        qty[item.index] = rng.chance(0.06) ? 0 : rng.int(1, 40) * item.packSize + rng.int(0, item.packSize - 1);
      }
    } else {
      const breadth = rng.between(0.35, 0.75);
      for (const item of items) {
        if (!rng.chance(breadth)) continue;
        if (rng.chance(0.1)) qty[item.index] = 0;
        else qty[item.index] = item.plu ? rng.int(5, 60) : rng.int(1, 24);
      }
    }
    stock[loc.plant] = qty;
  }
  return stock;
}
