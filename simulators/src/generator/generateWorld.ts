import { generateAnomalies } from './generateAnomalies';
import { generateItems } from './generateItems';
import { generateLocations } from './generateLocations';
import { generateOrders } from './generateOrders';
import { generatePurchaseOrders } from './generatePurchaseOrders';
import { generateStock } from './generateStock';
import { generateSuppliers } from './generateSuppliers';
import { Rng } from './Rng';
import { DEFAULT_WORLD_OPTIONS, type World, type WorldOptions } from './World';

const LIMITS: Record<Exclude<keyof WorldOptions, 'asOf'>, [number, number]> = {
  seed: [0, 0xffffffff],
  products: [1, 50_000],
  variantsPerProduct: [1, 12],
  dcs: [1, 99],
  stores: [0, 999],
};

function resolve(opts: Partial<WorldOptions>): WorldOptions {
  const merged = { ...DEFAULT_WORLD_OPTIONS, ...opts };
  for (const [key, [min, max]] of Object.entries(LIMITS)) {
    const v = merged[key as keyof typeof LIMITS];
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`generateWorld: ${key} must be an integer in [${min}, ${max}], got ${v}`);
  }
  if (Number.isNaN(Date.parse(merged.asOf))) throw new RangeError(`generateWorld: asOf is not an ISO date: ${merged.asOf}`);
  return { ...merged, asOf: new Date(merged.asOf).toISOString() };
}

/**
 * The seeded retailer. Each step draws from its own stream (seed + step name), so the same seed
 * always gives the same world and adding draws to one step does not reshuffle the others.
 */
export function generateWorld(opts: Partial<WorldOptions> = {}): World {
  const options = resolve(opts);
  const rng = (step: string) => new Rng(options.seed, step);
  const suppliers = generateSuppliers(options.products, rng('suppliers'));
  const items = generateItems(options, suppliers, rng('items'));
  const locations = generateLocations(options, rng('locations'));
  const stock = generateStock(items, locations, rng('stock'));
  const purchaseOrders = generatePurchaseOrders(options, items, suppliers, locations, rng('purchase-orders'));
  const orders = generateOrders(options, items, locations, rng('orders'));
  const { anomalies, unmapped } = generateAnomalies(items, locations, stock, rng('anomalies'));
  return { options, asOf: options.asOf, suppliers, items, locations, stock, purchaseOrders, orders, unmapped, anomalies };
}
