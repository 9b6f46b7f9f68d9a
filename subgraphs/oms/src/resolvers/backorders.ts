import { requireScope } from '@stockgraph/shared/auth';
import { assertIds } from '@stockgraph/shared/validation';
import { allocateSupply } from '@stockgraph/shared/ledger';
import type { Reservation } from '@stockgraph/shared';
import type { OmsContext } from '../context';

interface Args { skus: string[]; purchaseOrder?: string | null; movedOnly?: boolean | null }

/**
 * Waiting backorders with their promise as the supply stands now: a late or short purchase order
 * shows up as `moved` on the backorders it covered and on those queued after them.
 */
export async function backorders(_: unknown, args: Args, ctx: OmsContext) {
  requireScope(ctx.identity, 'orders:write');
  const skus = assertIds(args.skus, 'skus');
  const supplies = (await ctx.ledger.getSupply(skus)).flat();
  const promises = supplies.flatMap((s) => allocateSupply(s).promises);
  const records = await ctx.ledger.getReservations(promises.map((p) => p.id));
  const byId = new Map(records.filter((r): r is Reservation => r !== null).map((r) => [r.id, r]));
  const po = args.purchaseOrder ? `${args.purchaseOrder}/` : null;
  return promises.flatMap((p) => {
    const r = byId.get(p.id);
    if (!r || r.status !== 'ACTIVE' || !r.backorder) return [];
    const moved = p.promisedOn !== (r.promisedOn ?? null);
    if (args.movedOnly && !moved) return [];
    if (po && !p.documents.some((d) => d.startsWith(po))) return [];
    return [{
      reservation: r, reference: r.reference, sku: { id: r.sku }, location: { id: r.locationId }, quantity: r.quantity,
      promisedOn: r.promisedOn ?? null, expectedOn: p.promisedOn, covered: p.covered, purchaseOrders: p.documents, moved,
    }];
  });
}
