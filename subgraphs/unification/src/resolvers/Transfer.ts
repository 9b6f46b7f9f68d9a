import { badUserInput, type MovementRecord } from '@stockgraph/shared';
import { requireScope } from '@stockgraph/shared/auth';
import { assertId, assertPageSize } from '@stockgraph/shared/validation';
import type { TransferBooking, TransferLine, TransferRecord } from '@stockgraph/shared/transfers';
import type { UnificationContext } from '../context';
import type { CreateTransferInput, ReceiveTransferInput, TransferActionInput, TransferOutcome } from '../transfers/TransferService';

/** a location a transfer or a trail line names; one the registry lost is a field error, as null would be */
function locationOf(ctx: UnificationContext, id: string) {
  const l = ctx.registry.location(id);
  if (!l) throw new Error(`No location ${id} in the registry`);
  return l;
}

const payload = (o: TransferOutcome) => ({ transfer: o.transfer, userErrors: o.userErrors });

export const Transfer = {
  __resolveReference: (ref: { id: string }, ctx: UnificationContext) => ctx.transferStore.get(ref.id),
  fromLocation: (t: TransferRecord, _: unknown, ctx: UnificationContext) => locationOf(ctx, t.fromLocationId),
  toLocation: (t: TransferRecord, _: unknown, ctx: UnificationContext) => locationOf(ctx, t.toLocationId),
  movements: (t: TransferRecord, args: { first?: number | null }, ctx: UnificationContext) =>
    ctx.ledger.documentTrail(t.id, assertPageSize(args.first, 100, 1000)),
};

export const TransferLineResolvers = { sku: (l: TransferLine) => ({ id: l.sku }) };
export const TransferBookingResolvers = { location: (b: TransferBooking, _: unknown, ctx: UnificationContext) => locationOf(ctx, b.locationId), reference: (b: TransferBooking) => b.ref };

export const StockMovement = {
  sku: (m: MovementRecord) => ({ id: m.sku }),
  location: (m: MovementRecord, _: unknown, ctx: UnificationContext) => locationOf(ctx, m.locationId),
};

export const transferQueries = {
  transfer: async (_: unknown, { id }: { id: string }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    await ctx.registry.refresh();
    return ctx.transferStore.get(assertId(id, 'id'));
  },
  stockMovements: async (_: unknown, args: { document: string; first?: number | null }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    await ctx.registry.refresh();
    if (args.document.length === 0 || args.document.length > 128) throw badUserInput('document: 1 to 128 characters', { field: 'document' });
    return ctx.ledger.documentTrail(args.document, assertPageSize(args.first, 100, 1000));
  },
};

// moving stock between locations is an operations action (orders:write, as routing and returns)
export const transferMutations = {
  createTransfer: async (_: unknown, { input }: { input: CreateTransferInput }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'orders:write');
    return payload(await ctx.transfers.create(input, ctx.identity.clientId));
  },
  shipTransfer: async (_: unknown, { input }: { input: TransferActionInput }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'orders:write');
    assertId(input.transferId, 'transferId');
    await ctx.registry.refresh();
    return payload(await ctx.transfers.ship(input, ctx.identity.clientId));
  },
  receiveTransfer: async (_: unknown, { input }: { input: ReceiveTransferInput }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'orders:write');
    assertId(input.transferId, 'transferId');
    await ctx.registry.refresh();
    return payload(await ctx.transfers.receive(input, ctx.identity.clientId));
  },
};
