import type { KeyValueStore } from '@stockgraph/shared';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Units sold and returned per SKU, store and day, counted once per applied till line. */
export class SalesCounter {
  constructor(private readonly kv: KeyValueStore, private readonly prefix = '') {}

  private key(sku: string, locationId: string, date: string, kind: 'u' | 'r'): string {
    return `${this.prefix}sales:{${sku}}:${locationId}:${date}:${kind}`;
  }

  async add(sku: string, locationId: string, at: number, units: number, kind: 'SALE' | 'RETURN'): Promise<void> {
    await this.kv.incr(this.key(sku, locationId, day(at), kind === 'SALE' ? 'u' : 'r'), units);
  }

  /** Newest first, one entry per day including days without sales. */
  async recent(sku: string, locationId: string, days: number, now = Date.now()): Promise<{ date: string; units: number; returns: number }[]> {
    const dates = Array.from({ length: days }, (_, i) => day(now - i * 86_400_000));
    const keys = dates.flatMap((d) => [this.key(sku, locationId, d, 'u'), this.key(sku, locationId, d, 'r')]);
    const values = await this.kv.mget(keys);
    return dates.map((date, i) => ({ date, units: Number(values[2 * i] ?? 0), returns: Number(values[2 * i + 1] ?? 0) }));
  }
}
