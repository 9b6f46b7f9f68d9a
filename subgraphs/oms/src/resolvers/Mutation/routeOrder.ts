import { requireScope } from '@stockgraph/shared/auth';
import type { OmsContext } from '../../context';
import type { RouteOrderInput } from '../../orders/validateRouteInput';

export const routeOrder = async (_: unknown, { input }: { input: RouteOrderInput }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'orders:write');
  const p = await ctx.routes.route(input, ctx.identity.clientId);
  return {
    order: p.order,
    reservations: p.reservations,
    userErrors: p.userErrors,
    plan: p.plan && {
      shipments: p.shipments,
      totalCost: p.plan.totalCost,
      splitCount: p.plan.splitCount,
      unassigned: p.plan.unassigned.map((u) => ({ sku: { id: u.sku }, quantity: u.quantity, reason: u.reason })),
      rejected: p.plan.rejected.map((r) => ({ location: { id: r.locationId }, reason: `${r.reason}: ${r.detail}` })),
    },
  };
};
