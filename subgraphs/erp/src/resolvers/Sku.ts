import { requireScope } from '@stockgraph/shared/auth';
import type { ErpContext } from '../context';

type SkuRef = { id: string };
const money = (amount: number | undefined, currency: string) => (amount === undefined ? null : { amount, currency });

export const Sku = {
  __resolveReference: (ref: SkuRef) => ({ id: ref.id }),
  cost: async (s: SkuRef, _: unknown, ctx: ErpContext) => {
    requireScope(ctx.identity, 'stock:read');
    const m = await ctx.materialLoader.load(s.id);
    return m ? money(m.cost, m.currency) : null;
  },
  price: async (s: SkuRef, _: unknown, ctx: ErpContext) => {
    requireScope(ctx.identity, 'stock:read');
    const m = await ctx.materialLoader.load(s.id);
    return m ? money(m.price, m.currency) : null;
  },
  leadTimeDays: async (s: SkuRef, _: unknown, ctx: ErpContext) => {
    requireScope(ctx.identity, 'stock:read');
    return (await ctx.materialLoader.load(s.id))?.leadTimeDays ?? null;
  },
  supplier: async (s: SkuRef, _: unknown, ctx: ErpContext) => {
    requireScope(ctx.identity, 'stock:read');
    const m = await ctx.materialLoader.load(s.id);
    if (!m) return null;
    const v = ctx.catalog.vendors.get(m.supplierId);
    return {
      id: m.supplierId, name: v?.name ?? m.supplierId, leadTimeDays: m.leadTimeDays, leadTimeSdDays: m.leadTimeSdDays,
      acceptsReturns: v?.acceptsReturns ?? false,
      trust: v?.trust ?? null,
      minimumOrderUnits: v?.minimumOrderUnits ?? 0,
    };
  },
  incoming: async (s: SkuRef, _: unknown, ctx: ErpContext) => {
    requireScope(ctx.identity, 'stock:read');
    const m = await ctx.materialLoader.load(s.id);
    if (!m) return [];
    return (ctx.catalog.incomingByMaterial.get(m.materialNumber) ?? []).map((l) => ({
      quantity: l.quantity, expectedAt: l.expectedAt, source: 'ERP' as const, document: l.document, location: { id: l.plant },
    }));
  },
};
