// Multi-echelon replenishment, suppliers → DCs → stores, per SKU:
// 1. Stores: order-up-to S = μ·(T + R) + SS over the transfer time T plus review period R, SS for
//    the position's class target (serviceStockFlat); a store whose position IP = on hand − held +
//    in transit is below its reorder point μ·T + SS needs S − IP.
// 2. Rebalancing: what a store needs and its DC cannot spare is offered by stores of the same DC
//    holding more than `surplusWeeks` of demand above their own S (largest surplus first).
// 3. DC → store transfers from the DC's stock above its own safety stock.
// 4. Each DC orders from the supplier on echelon stock: its own and its stores' positions plus
//    open POs, each counted as quantity × supplier trust × P(it arrives within L + R), the arrival
//    ~ N(ordered day + L, s_L), the supplier's lead-time distribution. Order-up-to over L + R for
//    the echelon's demand, rounded up to the pack size and at least the MOQ.
// Every line carries its reason. Pure: no I/O.
import { normalCdf } from './normal';
import { abcClasses, DEFAULT_CLASS_TARGETS, xyzOf, type Abc, type InventoryClass } from './inventoryClasses';
import type { NetworkInput, NetworkPlan, NetworkPolicy, NetworkSku, NetworkSupplier, PlannedPurchaseOrder } from './networkTypes';
import { serviceStockFlat } from './serviceStock';

export const DEFAULT_NETWORK_POLICY: Omit<NetworkPolicy, 'today'> = { reviewDays: 7, transferDays: 2, surplusWeeks: 4, targets: DEFAULT_CLASS_TARGETS };

const r1 = (x: number) => Math.round(x * 10) / 10;
const Z90 = 1.2815515655446004;

/** P(a PO ordered on `orderedDay` has arrived by `day`) under the supplier's lead-time distribution. */
export function arrivalProbability(orderedDay: number, day: number, s: NetworkSupplier): number {
  const due = orderedDay + s.leadTimeDays;
  if (!(s.leadTimeSdDays > 0)) return day >= due ? 1 : 0;
  return normalCdf((day + 0.5 - due) / s.leadTimeSdDays);
}

export function planNetwork(input: NetworkInput, policyIn: Partial<NetworkPolicy> & { today: number }): NetworkPlan {
  const policy: NetworkPolicy = { ...DEFAULT_NETWORK_POLICY, ...policyIn };
  const { locations } = input;
  const suppliers = new Map(input.suppliers.map((s) => [s.id, s]));
  const dcIndex = new Map(locations.map((l, i) => [l.id, i]));
  const storesOf = new Map<number, number[]>();
  locations.forEach((l, i) => {
    if (l.type !== 'STORE' || !l.dcId || !dcIndex.has(l.dcId)) return;
    const d = dcIndex.get(l.dcId)!;
    storesOf.set(d, [...(storesOf.get(d) ?? []), i]);
  });
  const dcs = [...storesOf.keys(), ...locations.flatMap((l, i) => (l.type === 'DC' && !storesOf.has(i) ? [i] : []))];

  const skus = Array.isArray(input.skus) ? (input.skus as NetworkSku[]) : [...input.skus];
  const missing = skus.some((s) => !s.abc);
  const abc = missing ? abcClasses(skus.map((s) => s.dailyMean.reduce((a, b) => a + b, 0) * s.unitValue)) : null;

  const orders = new Map<string, PlannedPurchaseOrder>();
  const transfers: NetworkPlan['transfers'] = [];
  let unsourced = 0;
  let positionsPlanned = 0;
  const n = locations.length;
  const S = new Float64Array(n);
  const ip = new Float64Array(n);
  const need = new Float64Array(n);

  skus.forEach((sku, k) => {
    const cls: Abc = sku.abc ?? abc![k];
    const supplier = suppliers.get(sku.supplierId) ?? { id: sku.supplierId, leadTimeDays: 14, leadTimeSdDays: 0, trust: 1 };
    const classAt = (i: number): InventoryClass => `${cls}${xyzOf(sku.dailyMean[i], sku.dailySd[i])}`;
    for (const d of dcs) {
      const stores = storesOf.get(d) ?? [];
      // 1. store positions
      for (const i of stores) {
        positionsPlanned++;
        const mu = sku.dailyMean[i];
        ip[i] = sku.onHand[i] - sku.held[i] + sku.inTransit[i];
        const target = policy.targets[classAt(i)];
        const q = Math.max(1, mu * policy.reviewDays);
        const rop = serviceStockFlat(mu, sku.dailySd[i], policy.transferDays, 0, target, q);
        const ss = serviceStockFlat(mu, sku.dailySd[i], policy.transferDays + policy.reviewDays, 0, target, q).safetyStock;
        S[i] = mu * (policy.transferDays + policy.reviewDays) + ss;
        need[i] = mu > 0 && ip[i] < rop.reorderPoint ? Math.ceil(S[i] - ip[i]) : 0;
      }
      // 3 (first, so rebalancing only covers what the DC cannot): DC stock above its safety stock
      const dcMu = sku.dailyMean[d];
      const dcTarget = policy.targets[classAt(d)];
      const dcSafety = serviceStockFlat(dcMu, sku.dailySd[d], policy.transferDays, 0, dcTarget, Math.max(1, dcMu * policy.reviewDays)).safetyStock;
      let spare = Math.max(0, Math.floor(sku.onHand[d] - sku.held[d] - dcSafety - dcMu * policy.transferDays));
      const needy = stores.filter((i) => need[i] > 0).sort((a, b) => ip[a] / Math.max(1e-9, sku.dailyMean[a]) - ip[b] / Math.max(1e-9, sku.dailyMean[b]));
      for (const i of needy) {
        const q = Math.min(spare, need[i]);
        if (q <= 0) continue;
        spare -= q;
        need[i] -= q;
        transfers.push({
          kind: 'REPLENISH', sku: sku.sku, fromId: locations[d].id, toId: locations[i].id, quantity: q,
          reason: `${locations[i].id} is at ${r1(ip[i])} units, below its reorder point for ${classAt(i)} (${policy.targets[classAt(i)].kind} ${policy.targets[classAt(i)].value}); order-up-to ${r1(S[i])} covers ${policy.transferDays + policy.reviewDays} days of ${r1(sku.dailyMean[i])}/day; ${locations[d].id} has it spare`,
        });
      }
      // 2. rebalancing between the DC's stores for what the DC could not give
      const surplus = stores
        .map((i) => ({ i, units: Math.floor(ip[i] - S[i] - policy.surplusWeeks * 7 * sku.dailyMean[i]) }))
        .filter((s) => s.units > 0 && sku.onHand[s.i] - sku.held[s.i] > 0)
        .sort((a, b) => b.units - a.units);
      for (const i of needy) {
        for (const s of surplus) {
          if (need[i] <= 0) break;
          const q = Math.min(s.units, need[i], Math.floor(sku.onHand[s.i] - sku.held[s.i]));
          if (q <= 0) continue;
          s.units -= q;
          need[i] -= q;
          transfers.push({
            kind: 'REBALANCE', sku: sku.sku, fromId: locations[s.i].id, toId: locations[i].id, quantity: q,
            reason: `${locations[i].id} needs ${q} more than ${locations[d].id} can spare; ${locations[s.i].id} holds ${r1(ip[s.i] - S[s.i])} units above its order-up-to level (${r1((ip[s.i] - S[s.i]) / Math.max(1e-9, sku.dailyMean[s.i] * 7))} weeks of its demand)`,
          });
        }
        unsourced += Math.max(0, need[i]);
      }
      // 4. the DC's echelon order from the supplier
      positionsPlanned++;
      let mu = dcMu;
      let variance = sku.dailySd[d] ** 2;
      let echelon = sku.onHand[d] - sku.held[d] + sku.inTransit[d];
      for (const i of stores) {
        mu += sku.dailyMean[i];
        variance += sku.dailySd[i] ** 2;
        echelon += ip[i];
      }
      const protection = supplier.leadTimeDays + policy.reviewDays;
      let pipeline = 0;
      for (const po of sku.openPurchaseOrders) {
        if (po.locationIndex !== d) continue;
        pipeline += po.quantity * supplier.trust * arrivalProbability(po.orderedDay, policy.today + protection, supplier);
      }
      echelon += pipeline;
      const target = policy.targets[`${cls}${xyzOf(mu, Math.sqrt(variance))}`];
      const ss = serviceStockFlat(mu, Math.sqrt(variance), protection, supplier.leadTimeSdDays, target, Math.max(1, mu * policy.reviewDays));
      const orderUpTo = ss.meanDuringLeadTime + ss.safetyStock;
      if (!(mu > 0) || echelon >= orderUpTo) continue;
      const needed = Math.ceil(orderUpTo - echelon);
      const pack = Math.max(1, sku.packSize);
      const quantity = Math.max(Math.ceil(needed / pack) * pack, Math.ceil(Math.max(0, sku.moq) / pack) * pack);
      const key = `${supplier.id}|${locations[d].id}`;
      let po = orders.get(key);
      if (!po) {
        const arrival = policy.today + supplier.leadTimeDays;
        po = {
          supplierId: supplier.id, locationId: locations[d].id, lines: [], trust: supplier.trust,
          arrivalDay: arrival, arrivalP10Day: Math.floor(arrival - Z90 * supplier.leadTimeSdDays), arrivalP90Day: Math.ceil(arrival + Z90 * supplier.leadTimeSdDays),
        };
        orders.set(key, po);
      }
      po.lines.push({
        sku: sku.sku, quantity, needed, inventoryClass: `${cls}${xyzOf(mu, Math.sqrt(variance))}`,
        reason: `echelon stock at ${locations[d].id} and its ${stores.length} stores is ${r1(echelon)} (open POs count ${r1(pipeline)} after trust ${supplier.trust} and on-time chance), below ${r1(orderUpTo)} = ${protection} days of ${r1(mu)}/day + safety ${r1(ss.safetyStock)}; ${needed} rounded to packs of ${pack}${sku.moq > needed ? ` and the MOQ ${sku.moq}` : ''}`,
      });
    }
  });
  return { purchaseOrders: [...orders.values()], transfers, positionsPlanned, unsourced };
}
