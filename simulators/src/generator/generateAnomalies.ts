import { makeEan13 } from './ean13';
import type { Rng } from './Rng';
import type { Anomalies, UnmappedRecord, WorldItem, WorldLocation } from './World';

/** Company prefixes no supplier uses: barcodes under them are unknown to the ERP. */
const STRAY_POS_PREFIX = '5099999';
const STRAY_OMS_PREFIX = '5099998';

const WMS_STRAYS = ['Salvage Pallet Mixed', 'Supplier Samples Carton'];
const POS_STRAYS = [{ d: 'Local Honey 340g', price: 5.49 }, { d: 'Charity Pin Badge', price: 1 }];
const OMS_STRAYS = ['Gift Bundle, Winter', 'Marketplace Starter Kit'];

/**
 * The mess a real estate has, on purpose and deterministic per seed: local codes no item master
 * knows, one reused barcode, and DC positions where the ERP batch and the WMS disagree.
 * Mutates items (the reused barcode is added to one material's EAN list).
 */
export function generateAnomalies(
  items: WorldItem[], locations: WorldLocation[], stock: Record<string, Int32Array>, rng: Rng,
): { anomalies: Anomalies; unmapped: UnmappedRecord[] } {
  const dcs = locations.filter((l) => l.type === 'DC');
  const stores = locations.filter((l) => l.type === 'STORE');
  const unmapped: UnmappedRecord[] = [];

  WMS_STRAYS.forEach((description, k) => {
    const packSize = 12;
    const perDc: Record<string, number> = {};
    for (const dc of dcs) perDc[dc.plant] = rng.int(1, 20) * packSize + rng.int(0, packSize - 1);
    unmapped.push({
      system: 'WMS', code: 'WA' + String(900001 + k), description, packSize, price: 0, gtin: null,
      hostRef: String(99000001 + k).padStart(18, '0'), stock: perDc,
    });
  });
  POS_STRAYS.forEach(({ d, price }, k) => {
    const barcode = makeEan13(STRAY_POS_PREFIX, k + 1);
    const perStore: Record<string, number> = {};
    stores.forEach((s, i) => {
      if (i === k || rng.chance(0.3)) perStore[s.plant] = rng.int(1, 20);
    });
    unmapped.push({ system: 'POS', code: barcode, description: d, packSize: 1, price, gtin: barcode, hostRef: null, stock: perStore });
  });
  OMS_STRAYS.forEach((description, k) => {
    unmapped.push({
      system: 'OMS', code: `WEB-bundle-${k + 1}`, description, packSize: 1, price: 24.99 + k * 10,
      gtin: makeEan13(STRAY_OMS_PREFIX, k + 1), hostRef: null, stock: {},
    });
  });

  // One barcode two materials both list: the second material "reused" the first one's EAN.
  const first = rng.pick(items);
  const others = items.filter((i) => i.productId !== first.productId);
  const conflicts: Anomalies['conflicts'] = [];
  if (others.length > 0) {
    const second = rng.pick(others);
    second.eans.push(first.gtin);
    conflicts.push({ code: first.gtin, materials: [first.matnr, second.matnr].sort() });
  }

  const disagreements: Anomalies['disagreements'] = [];
  const wanted = Math.max(3, Math.round(items.length * dcs.length * 0.0005));
  const seen = new Set<string>();
  for (let tries = 0; disagreements.length < wanted && tries < wanted * 50; tries++) {
    const dc = rng.pick(dcs);
    const item = rng.pick(items);
    const wms = (stock[dc.plant] as Int32Array)[item.index] as number;
    const key = `${dc.plant}|${item.matnr}`;
    if (wms < 0 || seen.has(key)) continue;
    seen.add(key);
    const delta = rng.int(1, 25) * (wms > 25 && rng.chance(0.5) ? -1 : 1);
    disagreements.push({ plant: dc.plant, matnr: item.matnr, erp: wms + delta, wms });
  }
  disagreements.sort((a, b) => a.plant.localeCompare(b.plant) || a.matnr.localeCompare(b.matnr));

  return {
    unmapped,
    anomalies: {
      unmappedCodes: unmapped.map((u) => ({ system: u.system, code: u.code })),
      conflicts,
      disagreements,
    },
  };
}
