import type { KeyValueStore } from '../kv/KeyValueStore';
import { SOURCE_SYSTEMS, type SourceSystem } from '../domain';

export interface SystemHealth { system: SourceSystem; up: boolean; since: number; lastError: string | null }

/**
 * Whether each legacy system can be reached, as the subgraphs that call it last saw it. Kept in
 * the shared store so the unification subgraph can flag figures stale when a source is down.
 */
export class SourceHealth {
  private cache: { at: number; value: Map<SourceSystem, SystemHealth> } | null = null;

  constructor(private readonly kv: KeyValueStore, private readonly prefix = '', private readonly cacheMs = 500) {}

  private key(): string { return `${this.prefix}health`; }

  async report(system: SourceSystem, up: boolean, now: number, lastError: string | null = null): Promise<void> {
    const current = (await this.all()).get(system);
    if (current && current.up === up && current.lastError === lastError) return;
    const rec: SystemHealth = { system, up, since: current && current.up === up ? current.since : now, lastError };
    await this.kv.hset(this.key(), { [system]: JSON.stringify(rec) });
    this.cache = null;
    await this.kv.publish(`${this.key()}:changed`, system);
  }

  /** Called when any process reports a system going down or coming back; returns the unsubscribe. */
  onChange(listener: () => void): Promise<() => Promise<void>> {
    return this.kv.subscribe(`${this.key()}:changed`, () => listener());
  }

  async all(): Promise<Map<SourceSystem, SystemHealth>> {
    const now = Date.now();
    if (this.cache && now - this.cache.at < this.cacheMs) return this.cache.value;
    const raw = await this.kv.hgetall(this.key());
    const value = new Map<SourceSystem, SystemHealth>();
    for (const s of SOURCE_SYSTEMS) {
      value.set(s, raw[s] ? (JSON.parse(raw[s]) as SystemHealth) : { system: s, up: true, since: 0, lastError: null });
    }
    this.cache = { at: now, value };
    return value;
  }

  /** What is stored now, read past the cache, as one comparable string (changes when any report does). */
  async fingerprint(): Promise<string> {
    return JSON.stringify(Object.entries(await this.kv.hgetall(this.key())).sort());
  }

  async isDown(system: SourceSystem): Promise<boolean> {
    return !(await this.all()).get(system)!.up;
  }
}
