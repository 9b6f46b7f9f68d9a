export const DELTA_TYPES = ['PICK', 'RECEIPT', 'ADJUST', 'TRANSFER_OUT', 'TRANSFER_IN', 'COUNT'] as const;
export type DeltaType = (typeof DELTA_TYPES)[number];

export interface Delta {
  seq: number;
  site: string;
  type: DeltaType;
  /** ISO 8601 UTC, seconds */
  ts: string;
  articleNo: string;
  /** movements: signed eaches; COUNT: the counted absolute figure */
  qty: number;
  ref: string;
  /** COUNT only: the WMS's own count id (CC0001) */
  countId?: string;
}

/**
 * The WMS movement journal, oldest first. Seq numbers never go back, not even across a reset,
 * so a client holding a cursor can never skip or re-read someone else's delta.
 */
export class DeltaFeed {
  private deltas: Delta[] = [];
  private lastSeq = 0;

  append(d: Omit<Delta, 'seq'>): Delta {
    const delta = { ...d, seq: ++this.lastSeq };
    this.deltas.push(delta);
    return delta;
  }

  /** Deltas with seq > since, at most limit; cursor is the seq to pass next time. */
  read(since: number, limit: number): { deltas: Delta[]; cursor: number; more: boolean } {
    let lo = 0;
    let hi = this.deltas.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.deltas[mid] as Delta).seq <= since) lo = mid + 1;
      else hi = mid;
    }
    const deltas = this.deltas.slice(lo, lo + limit);
    const last = deltas[deltas.length - 1];
    return { deltas, cursor: last ? last.seq : since, more: lo + limit < this.deltas.length };
  }

  get head(): number {
    return this.lastSeq;
  }

  /** Empties the journal; the seq counter carries on. */
  clear(): void {
    this.deltas = [];
  }
}
