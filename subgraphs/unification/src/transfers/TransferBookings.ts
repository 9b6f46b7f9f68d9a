import { ErrorCode, LegacyError, userError, type Logger, type UserError } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import { systemOfRecord, type ReconcilePolicy } from '@stockgraph/shared/reconcile';
import type { TransferBooking, TransferRecord } from '@stockgraph/shared/transfers';
import type { WmsClient } from '@stockgraph/wms';
import type { PosClient } from '@stockgraph/pos';

export type BookingResult = { ok: true; booking: TransferBooking } | { ok: false; userError: UserError };

/**
 * Writes a transfer's moves to the legacy system that owns each location (the reconcile policy's
 * system of record: the WMS for a DC, the store's POS for a store), each in its own dialect: a
 * WMS TransferMove (XML, cases of the pack size) or a POS transfer (JSON, barcodes). Both systems
 * book a repeat of the same transfer and move once, so a retry after a crash books nothing twice.
 */
export class TransferBookings {
  constructor(private readonly d: { registry: Registry; policy: ReconcilePolicy; clients: { wms: WmsClient; pos: PosClient }; logger: Logger }) {}

  /** SHIP at the source, RECEIVE at the destination; `lines` in units (a receipt's lines, zero ones left out). */
  async book(t: TransferRecord, move: 'SHIP' | 'RECEIVE', lines: { sku: string; quantity: number }[]): Promise<BookingResult> {
    const here = move === 'SHIP' ? t.fromLocationId : t.toLocationId;
    const other = move === 'SHIP' ? t.toLocationId : t.fromLocationId;
    const loc = this.d.registry.location(here);
    const system = loc ? systemOfRecord(this.d.policy, loc) : null;
    const refuse = (message: string): BookingResult => ({ ok: false, userError: userError(ErrorCode.TRANSFER_REFUSED, message, ['transferId']) });
    if (system !== 'WMS' && system !== 'POS') return refuse(`No system books transfers at ${here}`);
    const place = this.d.registry.locationCode(here, system);
    const codes = lines.map((l) => this.d.registry.localCode(l.sku, system));
    if (!place || codes.some((c) => !c)) return refuse(`The ${system} has no code for ${here} or one of the transfer's SKUs`);
    try {
      const ref = system === 'WMS'
        ? (await this.d.clients.wms.postTransferMove({
            type: move === 'SHIP' ? 'SHIP' : 'RECEIPT', transferNo: t.id, site: place, otherPlant: other,
            lines: lines.map((l, i) => ({ articleNo: codes[i]!, quantity: l.quantity })),
          })).id
        : (await this.d.clients.pos.bookTransfer(place, {
            ref: t.id, direction: move === 'SHIP' ? 'OUT' : 'IN', otherPlant: other,
            lines: lines.map((l, i) => ({ barcode: codes[i]!, qty: l.quantity })),
          })).txnId;
      return { ok: true, booking: { system, locationId: here, move, ref } };
    } catch (err) {
      this.d.logger.warn({ transfer: t.id, system, move, err: (err as Error).message }, 'transfer booking failed');
      if (err instanceof LegacyError && !err.retryable) return refuse(`The ${system} refused to book the ${move === 'SHIP' ? 'shipment' : 'receipt'} at ${here}`);
      if (err instanceof LegacyError) {
        return { ok: false, userError: userError(ErrorCode.SOURCE_UNAVAILABLE, `The ${system} could not be reached to book the move at ${here}; try again later`, ['transferId']) };
      }
      throw err;
    }
  }
}
