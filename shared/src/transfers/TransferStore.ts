import type { KeyValueStore } from '../kv/KeyValueStore';

/** REQUESTED (held at the source) → SHIPPED (in transit) → RECEIVED (on hand at the destination). */
export type TransferStatus = 'REQUESTED' | 'SHIPPED' | 'RECEIVED';

export interface TransferLine {
  sku: string;
  quantity: number;
  /** units that arrived; null until received */
  received: number | null;
  /** the hold at the source (a stock transfer); null for goods outside sellable stock (a return's) */
  reservationId: string | null;
}

/** A booking in a legacy system: which system took which move under which id of its own. */
export interface TransferBooking { system: 'WMS' | 'POS'; locationId: string; move: 'SHIP' | 'RECEIVE'; ref: string }

export interface TransferRecord {
  id: string;
  /** STOCK: sellable units held at the source; RETURN: returned goods travelling to their disposition */
  kind: 'STOCK' | 'RETURN';
  status: TransferStatus;
  fromLocationId: string;
  toLocationId: string;
  lines: TransferLine[];
  /** the RMA behind a return transfer */
  reference: string | null;
  /** the API client or system that asked for it */
  createdBy: string;
  createdAt: number;
  shippedAt: number | null;
  receivedAt: number | null;
  bookings: TransferBooking[];
}

/** The receipt a transfer is received with: decided once (the first caller's), then every step uses it. */
export interface DecidedReceipt { lines: { sku: string; received: number }[]; at: number; actor: string }

/**
 * Transfers between locations, one JSON record per transfer in the KV store. The OMS's returns
 * write their transfers here too, so one model (and one set of mutations) moves both.
 */
export class TransferStore {
  constructor(private readonly kv: KeyValueStore, private readonly prefix = '') {}

  private key(id: string): string { return `${this.prefix}transfer:${id}`; }

  async get(id: string): Promise<TransferRecord | null> {
    const raw = await this.kv.get(this.key(id));
    return raw ? (JSON.parse(raw) as TransferRecord) : null;
  }

  async getMany(ids: readonly string[]): Promise<(TransferRecord | null)[]> {
    if (ids.length === 0) return [];
    return (await this.kv.mget(ids.map((id) => this.key(id)))).map((raw) => (raw ? (JSON.parse(raw) as TransferRecord) : null));
  }

  async save(t: TransferRecord): Promise<void> {
    await this.kv.set(this.key(t.id), JSON.stringify(t));
  }

  /** A transfer not there yet is written; one already there is left as it is (a retry of its creation). */
  async saveNew(t: TransferRecord): Promise<boolean> {
    return this.kv.set(this.key(t.id), JSON.stringify(t), { ifAbsent: true });
  }

  async delete(id: string): Promise<void> {
    await this.kv.del(this.key(id));
  }

  /** The first receipt decided for a transfer wins; later callers get it back instead of theirs. */
  async decideReceipt(id: string, receipt: DecidedReceipt): Promise<DecidedReceipt> {
    const key = `${this.prefix}transfer-receipt:${id}`;
    if (await this.kv.set(key, JSON.stringify(receipt), { ifAbsent: true })) return receipt;
    const raw = await this.kv.get(key);
    return raw ? (JSON.parse(raw) as DecidedReceipt) : receipt;
  }
}

/**
 * A return's goods travelling from where they came back to where their disposition happens: the
 * same transfer model, outside sellable stock (no hold, no on-hand move; see TransferService).
 */
export function returnTransfer(t: { id: string; sku: string; quantity: number; fromLocationId: string; toLocationId: string }, rmaId: string, now: number): TransferRecord {
  return {
    id: t.id, kind: 'RETURN', status: 'REQUESTED', fromLocationId: t.fromLocationId, toLocationId: t.toLocationId,
    lines: [{ sku: t.sku, quantity: t.quantity, received: null, reservationId: null }],
    reference: rmaId, createdBy: 'system:returns', createdAt: now, shippedAt: null, receivedAt: null, bookings: [],
  };
}
