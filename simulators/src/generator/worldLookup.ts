import type { World, WorldItem, WorldLocation } from './World';

/** Indexes built once per world, for tests and simulators that look things up by code. */
interface WorldIndex {
  byMatnr: Map<string, WorldItem>;
  byPlant: Map<string, WorldLocation>;
  erpOverrides: Map<string, number>;
}

const cache = new WeakMap<World, WorldIndex>();

function indexOf(world: World): WorldIndex {
  let idx = cache.get(world);
  if (!idx) {
    idx = {
      byMatnr: new Map(world.items.map((i) => [i.matnr, i])),
      byPlant: new Map(world.locations.map((l) => [l.plant, l])),
      erpOverrides: new Map(world.anomalies.disagreements.map((d) => [`${d.plant}|${d.matnr}`, d.erp])),
    };
    cache.set(world, idx);
  }
  return idx;
}

export function itemByMatnr(world: World, matnr: string): WorldItem | undefined {
  return indexOf(world).byMatnr.get(matnr);
}

export function locationByPlant(world: World, plant: string): WorldLocation | undefined {
  return indexOf(world).byPlant.get(plant);
}

/** On hand as the location's own system reports it (WMS for DCs, POS for stores); null when not ranged. */
export function stockAt(world: World, plant: string, matnr: string): number | null {
  const item = itemByMatnr(world, matnr);
  const qty = item ? world.stock[plant]?.[item.index] : undefined;
  return qty === undefined || qty < 0 ? null : qty;
}

/** On hand as the ERP batch reports it: the same, except on the listed disagreements. */
export function erpStockAt(world: World, plant: string, matnr: string): number | null {
  const override = indexOf(world).erpOverrides.get(`${plant}|${matnr}`);
  return override ?? stockAt(world, plant, matnr);
}

/** Every ranged (location, item) position with its on-hand figure. */
export function* positions(world: World): Generator<{ plant: string; item: WorldItem; onHand: number }> {
  for (const loc of world.locations) {
    const qty = world.stock[loc.plant];
    if (!qty) continue;
    for (const item of world.items) {
      const q = qty[item.index] as number;
      if (q >= 0) yield { plant: loc.plant, item, onHand: q };
    }
  }
}
