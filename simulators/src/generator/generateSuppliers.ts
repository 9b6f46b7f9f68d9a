import type { Rng } from './Rng';
import type { WorldSupplier } from './World';

const NAMES = ['Ashworth', 'Pennington', 'Calder', 'Whitfield', 'Moorcroft', 'Hartley', 'Brennan', 'Okafor', 'Lindqvist', 'Da Silva', 'Yilmaz', 'Mehta', 'Chen', 'Fairbairn', 'Greaves', 'Kowalski'];
const TRADES = ['Textiles', 'Homeware', 'Trading', 'Manufacturing', 'Imports', 'Brands', 'Crafts', 'Supplies', 'Goods', 'Mills'];

/** Country, its legal suffix, and lead-time mean/sd ranges in days: near suppliers are quick and steady. */
const ORIGINS: { country: string; suffix: string; weight: number; mean: [number, number]; sd: [number, number]; otif: [number, number] }[] = [
  { country: 'GB', suffix: 'Ltd', weight: 6, mean: [3, 10], sd: [1, 3], otif: [90, 100] },
  { country: 'PT', suffix: 'Lda', weight: 1, mean: [8, 18], sd: [2, 5], otif: [85, 95] },
  { country: 'DE', suffix: 'GmbH', weight: 1, mean: [7, 14], sd: [2, 4], otif: [90, 100] },
  { country: 'TR', suffix: 'A.S.', weight: 1, mean: [21, 35], sd: [4, 8], otif: [75, 90] },
  { country: 'IN', suffix: 'Pvt Ltd', weight: 1, mean: [35, 56], sd: [6, 12], otif: [70, 85] },
  { country: 'CN', suffix: 'Co Ltd', weight: 1, mean: [42, 70], sd: [7, 15], otif: [70, 90] },
];

/**
 * A supplier's on-time-in-full percent within its origin's range, from its number rather than the
 * world's random stream: adding it left every other generated figure as it was.
 */
function otifOf(lifnr: string, [lo, hi]: [number, number]): number {
  let h = 0;
  for (const c of lifnr) h = (h * 31 + c.charCodeAt(0)) % 9973;
  return lo + (h % (hi - lo + 1));
}

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
      otifPct: otifOf(String(100001 + i).padStart(10, '0'), origin.otif),
    };
  });
}
