// The network plan's input from what the subgraph knows: locations from the registry (each store
// replenished by its nearest DC), on hand and held from the ledger, the forecast distribution of
// every SKU × location from the history, suppliers' lead times (ERP material data in the registry),
// trust and minimum orders (ERP facts in the SupplyBook), open POs with their order dates, and
// WMS pack sizes.
import { distanceKm } from '@stockgraph/shared/geo';
import type { NetworkInput, NetworkLocation, NetworkSku, NetworkSupplier } from '../engine/networkTypes';
import type { PlanningContext } from '../context';
import { forecastPosition } from './forecastPosition';
import { DEFAULT_SUPPLIER_LEAD_TIME_DAYS, DEFAULT_SUPPLIER_TRUST } from './planPositions';

const HORIZON = 28;

export async function networkInput(ctx: PlanningContext, today: number): Promise<NetworkInput> {
  const all = ctx.registry.allLocations();
  const dcs = all.filter((l) => l.type === 'DISTRIBUTION_CENTER');
  const locations: NetworkLocation[] = all.map((l) => l.type === 'DISTRIBUTION_CENTER'
    ? { id: l.id, type: 'DC' }
    : { id: l.id, type: 'STORE', dcId: dcs.slice().sort((a, b) => distanceKm(l.geo, a.geo) - distanceKm(l.geo, b.geo))[0]?.id });
  const index = new Map(locations.map((l, i) => [l.id, i]));
  const skuIds = ctx.registry.skuIds();
  const positions = skuIds.length ? await ctx.ledger.getPositionsForSkus(skuIds) : [];
  const suppliers = new Map<string, NetworkSupplier>();
  const skus: NetworkSku[] = skuIds.map((id, k) => {
    const rec = ctx.registry.sku(id)!;
    const vendorId = rec.vendor?.id ?? `SUPPLIER-${id}`;
    const terms = ctx.supply.supplier(vendorId);
    if (!suppliers.has(vendorId)) {
      suppliers.set(vendorId, { id: vendorId, leadTimeDays: rec.leadTimeDays ?? DEFAULT_SUPPLIER_LEAD_TIME_DAYS, leadTimeSdDays: rec.leadTimeSdDays ?? 0, trust: terms?.trust ?? DEFAULT_SUPPLIER_TRUST });
    }
    const n = locations.length;
    const col = () => new Float64Array(n);
    const s: NetworkSku = {
      sku: id, supplierId: vendorId, packSize: rec.packSize ?? 1, moq: terms?.minimumOrderUnits ?? 0, unitValue: rec.price ?? 1,
      onHand: col(), held: col(), inTransit: col(), dailyMean: col(), dailySd: col(),
      openPurchaseOrders: ctx.supply.openLines(id).flatMap((l) => index.has(l.locationId)
        ? [{ id: l.poNumber, locationIndex: index.get(l.locationId)!, quantity: l.quantity, orderedDay: Math.floor(l.orderedAt / 86_400_000) }]
        : []),
    };
    for (const p of positions[k]) {
      const i = index.get(p.locationId);
      if (i === undefined) continue;
      s.onHand[i] = p.onHand;
      s.held[i] = p.reserved;
    }
    locations.forEach((l, i) => {
      const f = forecastPosition(ctx.history, id, l.id, today, HORIZON, [0.5], false);
      if (f.reason) return;
      s.dailyMean[i] = f.mean.reduce((a, b) => a + b, 0) / HORIZON;
      s.dailySd[i] = Math.sqrt(f.sd.reduce((a, b) => a + b * b, 0) / HORIZON);
    });
    return s;
  });
  return { suppliers: [...suppliers.values()], locations, skus };
}
