import { parseDate } from '@stockgraph/shared/graphql';
import { badUserInput, type Channel } from '@stockgraph/shared';
import { requireScope } from '@stockgraph/shared/auth';
import type { OmsContext } from '../context';
import type { StoredRma } from '../returns/ReturnService';
import { returnMeasures as measure } from '../returns/returnMeasures';

export const Rma = {
  returnLocation: (r: StoredRma) => ({ id: r.returnLocationId }),
  createdAt: (r: StoredRma) => r.createdAt,
  refund: (r: StoredRma) => r.refund ?? null,
  exchangeOrder: (r: StoredRma, _: unknown, ctx: OmsContext) => (r.exchangeOrderId ? ctx.orders.order(r.exchangeOrderId) : null),
  // the status is the transfer's own, as shipTransfer / receiveTransfer move it
  transfers: async (r: StoredRma, _: unknown, ctx: OmsContext) => {
    const live = await ctx.transfers.getMany((r.transfers ?? []).map((t) => t.id));
    return (r.transfers ?? []).map((t, i) => ({
      ...t, status: live[i]?.status ?? t.status, sku: { id: t.sku }, from: { id: t.fromLocationId }, to: { id: t.toLocationId }, transfer: { id: t.id },
    }));
  },
  lines: (r: StoredRma) =>
    r.lines.map((l, i) => {
      const d = r.decisions[i];
      return {
        sku: { id: l.sku }, quantity: l.quantity, condition: l.condition, disposition: d.disposition,
        expectedRecovery: d.expectedRecovery, reasons: d.reasons, alternatives: d.alternatives,
        targetLocation: { id: d.targetLocationId },
      };
    }),
};

const DAY = 86_400_000;

export async function returnMeasures(_: unknown, args: { from: string; to: string; channel?: Channel | null }, ctx: OmsContext) {
  requireScope(ctx.identity, 'orders:write');
  const from = Date.parse(`${parseDate(args.from)}T00:00:00Z`);
  const to = Date.parse(`${parseDate(args.to)}T00:00:00Z`) + DAY;
  if (to <= from || to - from > 400 * DAY) throw badUserInput('to must be on or after from, at most 400 days apart');
  const rmas = (await ctx.returns.receivedBetween(from, to)).filter((r) => !args.channel || r.channel === args.channel);
  const sold: Partial<Record<Channel, number>> = {};
  for (const status of ['OPEN', 'PARTIALLY_FULFILLED', 'FULFILLED', 'PARTIALLY_CANCELLED'] as const) {
    for (const o of await ctx.oms.listOrders(status)) {
      if (o.createdAt < from || o.createdAt >= to) continue;
      sold[o.channel] = (sold[o.channel] ?? 0) + o.lines.reduce((n, l) => n + l.fulfilledQty, 0);
    }
  }
  const m = measure({ rmas, soldUnitsByChannel: sold, period: { from, to } });
  const rates = m.returnRateByChannel.filter((r) => !args.channel || r.channel === args.channel);
  const soldUnits = rates.reduce((n, r) => n + r.soldUnits, 0);
  const returned = rates.reduce((n, r) => n + r.returnedUnits, 0);
  return {
    returnRate: soldUnits > 0 ? returned / soldUnits : 0,
    costPerReturn: m.costPerReturn ?? 0,
    dispositionYield: m.dispositionYield ?? 0,
    hoursToDisposition: m.receiptToDispositionHours.mean,
    returns: m.returns,
  };
}

