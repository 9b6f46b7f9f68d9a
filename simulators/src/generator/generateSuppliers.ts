import type { Rng } from './Rng';
import type { WorldSupplier } from './World';

const NAMES = ['Ashworth', 'Pennington', 'Calder', 'Whitfield', 'Moorcroft', 'Hartley', 'Brennan', 'Okafor', 'Lindqvist', 'Da Silva', 'Yilmaz', 'Mehta', 'Chen', 'Fairbairn', 'Greaves', 'Kowalski'];
const TRADES = ['Textiles', 'Homeware', 'Trading', 'Manufacturing', 'Imports', 'Brands', 'Crafts', 'Supplies', 'Goods', 'Mills'];

/** Country, its legal suffix, and lead-time mean/sd ranges in days: near suppliers are quick and steady. */
const ORIGINS: { country: string; suffix: string; weight: number; mean: [number, number]; sd: [number, number] }[] = [
  { country: 'GB', suffix: 'Ltd', weight: 6, mean: [3, 10], sd: [1, 3] },
  { country: 'PT', suffix: 'Lda', weight: 1, mean: [8, 18], sd: [2, 5] },
  { country: 'DE', suffix: 'GmbH', weight: 1, mean: [7, 14], sd: [2, 4] },
  { country: 'TR', suffix: 'A.S.', weight: 1, mean: [21, 35], sd: [4, 8] },
  { country: 'IN', suffix: 'Pvt Ltd', weight: 1, mean: [35, 56], sd: [6, 12] },
  { country: 'CN', suffix: 'Co Ltd', weight: 1, mean: [42, 70], sd: [7, 15] },
];

export function supplierCount(products: number): number {
  return Math.max(6, Math.ceil(products / 20));
}

export function generateSuppliers(products: number, rng: Rng): WorldSupplier[] {
  const weighted = ORIGINS.flatMap((o) => Array.from({ length: o.weight }, () => o));
  const used = new Set<string>();
  return Array.from({ length: supplierCount(products) }, (_, i) => {
    const origin = rng.pick(weighted);
    let name = `${rng.pick(NAMES)} ${rng.pick(TRADES)} ${origin.suffix}`;
    if (used.has(name)) name = `${name.slice(0, -origin.suffix.length - 1)} ${i + 1} ${origin.suffix}`;
    used.add(name);
    const takesReturns = rng.chance(0.6);
    return {
      lifnr: String(100001 + i).padStart(10, '0'),
      name,
      country: origin.country,
      leadTimeDays: rng.int(origin.mean[0], origin.mean[1]),
      leadTimeSdDays: rng.int(origin.sd[0], origin.sd[1]),
      takesReturns,
      rtvPct: takesReturns ? rng.int(10, 20) * 5 : 0,
      // UK GS1 prefix 50 + a 5-digit company number, so every supplier's barcodes are distinct.
      gs1Prefix: '50' + String(12000 + i * 7).padStart(5, '0'),
      // from the supplier's number, not the random stream: every other figure of the world stays as it was
      trust: Math.round((0.72 + 0.27 * ((i * 0.6180339887) % 1)) * 100) / 100,
      minOrderUnits: [0, 24, 48, 96][i % 4],
    };
  });
}
