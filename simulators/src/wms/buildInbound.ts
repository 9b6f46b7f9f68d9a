import type { World } from '../generator/World';

export interface Asn {
  asnNo: string;
  site: string;
  /** YYYY-MM-DD */
  expected: string;
  /** the ERP purchase order the advance shipping notice announces */
  poRef: string;
  lines: { articleNo: string; cases: number; eaches: number }[];
}

/** One ASN per open PO to a DC, for what is still to arrive, in cases of the article's pack size. */
export function buildInbound(world: World): Asn[] {
  const byMatnr = new Map(world.items.map((i) => [i.matnr, i]));
  const siteOf = new Map(world.locations.filter((l) => l.wmsSite).map((l) => [l.plant, l.wmsSite as string]));
  const asns: Asn[] = [];
  for (const po of world.purchaseOrders) {
    const site = siteOf.get(po.plant);
    if (po.status !== 'open' || !site) continue;
    const lines = po.lines.flatMap((l) => {
      const item = byMatnr.get(l.matnr);
      const due = l.qty - l.received;
      if (!item || due <= 0) return [];
      return [{ articleNo: item.wmsArticle, cases: Math.floor(due / item.packSize), eaches: due % item.packSize }];
    });
    if (lines.length === 0) continue;
    asns.push({
      asnNo: 'ASN' + String(asns.length + 1).padStart(4, '0'),
      site,
      expected: po.lines[0]?.expectedOn ?? po.orderedOn,
      poRef: po.ebeln,
      lines,
    });
  }
  return asns;
}
