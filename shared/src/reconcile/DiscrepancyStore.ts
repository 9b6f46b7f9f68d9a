import type { KeyValueStore } from '../kv/KeyValueStore';
import type { SourceSystem } from '../domain';

export type DiscrepancyStatus = 'OPEN' | 'COUNT_REQUESTED' | 'RESOLVED';

export interface DiscrepancySource { system: SourceSystem; quantity: number; asOf: number }

export interface Discrepancy {
  id: string;
  sku: string;
  locationId: string;
  sources: DiscrepancySource[];
  delta: number;
  detectedAt: number;
  status: DiscrepancyStatus;
  /** the id of the cycle count asked for it (see cycleCounts.ts) */
  countRef: string | null;
  /** the figure the count found, once it came back */
  counted?: number | null;
  resolvedAt: number | null;
}

export const discrepancyId = (sku: string, locationId: string): string => `DISC-${sku}-${locationId}`;

/** Differences between systems' figures for one position, kept for people to act on. */
export class DiscrepancyStore {
  constructor(private readonly kv: KeyValueStore, private readonly prefix = '') {}

  private key(): string { return `${this.prefix}discrepancies`; }

  /** Records (or refreshes) an open discrepancy; returns it. */
  async record(sku: string, locationId: string, sources: DiscrepancySource[], now: number): Promise<Discrepancy> {
    const id = discrepancyId(sku, locationId);
    const existing = await this.get(id);
    const quantities = sources.map((s) => s.quantity);
    const d: Discrepancy = {
      id, sku, locationId, sources,
      delta: Math.max(...quantities) - Math.min(...quantities),
      detectedAt: existing && existing.status !== 'RESOLVED' ? existing.detectedAt : now,
      status: existing && existing.status !== 'RESOLVED' ? existing.status : 'OPEN',
      countRef: existing && existing.status !== 'RESOLVED' ? existing.countRef : null,
      counted: null,
      resolvedAt: null,
    };
    await this.kv.hset(this.key(), { [id]: JSON.stringify(d) });
    return d;
  }

  async get(id: string): Promise<Discrepancy | null> {
    const raw = await this.kv.hget(this.key(), id);
    return raw ? (JSON.parse(raw) as Discrepancy) : null;
  }

  async update(id: string, patch: Partial<Pick<Discrepancy, 'status' | 'countRef' | 'counted' | 'resolvedAt'>>): Promise<Discrepancy | null> {
    const d = await this.get(id);
    if (!d) return null;
    const next = { ...d, ...patch };
    await this.kv.hset(this.key(), { [id]: JSON.stringify(next) });
    return next;
  }

  /** Open ones first, then newest detected first. */
  async list(opts: { includeResolved?: boolean; first?: number } = {}): Promise<Discrepancy[]> {
    const all = Object.values(await this.kv.hgetall(this.key())).map((v) => JSON.parse(v) as Discrepancy);
    return all
      .filter((d) => opts.includeResolved || d.status !== 'RESOLVED')
      .sort((a, b) => b.detectedAt - a.detectedAt || (a.id < b.id ? -1 : 1))
      .slice(0, opts.first ?? all.length);
  }
}
