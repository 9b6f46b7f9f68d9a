import { requireScope } from '@stockgraph/shared/auth';
import type { PlanningContext } from '../context';
import { planNetwork } from '../engine/planNetwork';
import { networkInput } from '../plan/networkInput';
import { fromEpochDay, todayOf } from './dayArgs';

/** The multi-echelon plan of every SKU over the whole network (README "Network plan"). */
export async function replenishmentPlan(_: unknown, __: unknown, ctx: PlanningContext) {
  requireScope(ctx.identity, 'planning:read');
  await ctx.registry.refresh();
  const today = todayOf(ctx);
  const plan = planNetwork(await networkInput(ctx, today), { today });
  return {
    positionsPlanned: plan.positionsPlanned,
    unsourcedUnits: Math.ceil(plan.unsourced),
    transfers: plan.transfers.map((t) => ({ kind: t.kind, sku: { id: t.sku }, fromLocationId: t.fromId, toLocationId: t.toId, quantity: t.quantity, reason: t.reason })),
    purchaseOrders: plan.purchaseOrders.map((po) => ({
      supplierId: po.supplierId, locationId: po.locationId, trust: po.trust,
      arrivalDate: fromEpochDay(po.arrivalDay), arrivalEarliest: fromEpochDay(po.arrivalP10Day), arrivalLatest: fromEpochDay(po.arrivalP90Day),
      lines: po.lines.map((l) => ({ sku: { id: l.sku }, quantity: l.quantity, needed: l.needed, inventoryClass: l.inventoryClass, reason: l.reason })),
    })),
  };
}
