import { CATEGORIES, PACK_SIZES, PRODUCE, slugify, type CategoryDef } from './catalogue';
import { addDays } from './dates';
import { makeEan13 } from './ean13';
import type { Rng } from './Rng';
import type { WorldItem, WorldOptions, WorldSupplier } from './World';

/** One product in twenty is loose produce: about 5% of items carry a PLU. */
const isLooseProduct = (p: number) => p % 20 === 7;
const FIRST_PLU = 3000;
const LAST_PLU = 9999;

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function productName(cat: CategoryDef, rng: Rng, usedSlugs: Set<string>): string {
  let base = '';
  for (let attempt = 0; attempt < 25; attempt++) {
    const core = cat.fixedNames ? [rng.pick(cat.fixedNames)] : [rng.pick(cat.materials), rng.pick(cat.nouns)];
    base = [rng.pick(cat.qualifiers), ...core].filter(Boolean).join(' ');
    if (!usedSlugs.has(slugify(base))) return base;
  }
  for (let n = 2; ; n++) if (!usedSlugs.has(slugify(`${base} ${n}`))) return `${base} ${n}`;
}

function variantLabel(cat: CategoryDef, colourOffset: number, v: number): string {
  const combos = cat.colours.length * cat.sizes.length;
  const colour = cat.colours[(colourOffset + Math.floor(v / cat.sizes.length)) % cat.colours.length] ?? '';
  const size = cat.sizes[v % cat.sizes.length] ?? '';
  const round = Math.floor(v / combos);
  return [colour, size, round > 0 ? `No ${round + 1}` : ''].filter(Boolean).join(' ');
}

function shelfPrice(cat: CategoryDef, rng: Rng): number {
  if (cat.loose) return round2(rng.int(45, 399) / 100);
  return rng.int(cat.priceRange[0], cat.priceRange[1]) + (rng.chance(0.7) ? 0.99 : 0.49);
}

export function generateItems(opts: WorldOptions, suppliers: WorldSupplier[], rng: Rng): WorldItem[] {
  const items: WorldItem[] = [];
  const usedSlugs = new Set<string>();
  const nextRef = new Map<string, number>();
  let nextPlu = FIRST_PLU;
  for (let p = 0; p < opts.products; p++) {
    const cat = isLooseProduct(p) ? PRODUCE : rng.pick(CATEGORIES);
    const name = productName(cat, rng, usedSlugs);
    const slug = slugify(name);
    usedSlugs.add(slug);
    const supplier = rng.pick(suppliers);
    const packSize = rng.pick(PACK_SIZES);
    const basePrice = shelfPrice(cat, rng);
    const colourOffset = rng.int(0, cat.colours.length - 1);
    const changedOn = addDays(opts.asOf, -rng.int(1, 700));
    for (let v = 0; v < opts.variantsPerProduct; v++) {
      const index = items.length;
      const variant = variantLabel(cat, colourOffset, v);
      // larger packs of loose goods cost more; a size run otherwise shares one price
      const price = cat.loose ? round2(basePrice * (1 + v * 0.8)) : basePrice;
      const cost = Math.min(round2(price * rng.between(0.3, 0.6)), round2(price - 0.01));
      const ref = (nextRef.get(supplier.lifnr) ?? 0) + 1;
      nextRef.set(supplier.lifnr, ref);
      const gtin = makeEan13(supplier.gs1Prefix, ref);
      const variantSlug = slugify(variant);
      items.push({
        index,
        matnr: String(10000001 + index).padStart(18, '0'),
        productId: 'P' + String(p + 1).padStart(5, '0'),
        productName: name,
        variant,
        description: variant ? `${name} ${variant}` : name,
        category: cat.code,
        gtin,
        eans: [gtin],
        plu: cat.loose && nextPlu <= LAST_PLU ? String(nextPlu++) : null,
        wmsArticle: 'WA' + String(100001 + index),
        ecomSku: variantSlug ? `WEB-${slug}-${variantSlug}` : `WEB-${slug}-${v + 1}`,
        packSize,
        uom: 'EA',
        cost: Math.max(0.01, cost),
        price,
        lifnr: supplier.lifnr,
        leadTimeDays: Math.max(1, supplier.leadTimeDays + rng.int(-1, 1)),
        leadTimeSdDays: supplier.leadTimeSdDays,
        changedOn,
      });
    }
  }
  return items;
}
