import type { KeyValueStore } from '../kv/KeyValueStore';
import type { Location, SourceSystem } from '../domain';
import type { CatalogIndexSnapshot, CatalogSku, CodeConflictRecord, RegistrySnapshot, SkuRecord, UnmappedCodeRecord } from './types';

/**
 * What every reader of the registry shares: the version key, the change channel, and reloading a
 * document of the store when its version moves (at most once a `checkEveryMs`, one read at a time).
 */
abstract class VersionedRegistryReader {
  protected version = -1;
  private lastCheck = 0;
  private refreshing: Promise<void> | null = null;

  constructor(
    protected readonly kv: KeyValueStore,
    protected readonly prefix = '',
    /** how long a loaded registry is trusted before the version key is checked again */
    private readonly checkEveryMs = 1000,
  ) {}

  protected key(k: string): string { return `${this.prefix}registry:${k}`; }

  /** reads and loads what this reader holds, at `version` */
  protected abstract read(version: number): Promise<void>;

  /** Called when any process writes a new registry (a catalog sync); returns the unsubscribe. */
  onChange(listener: () => void): Promise<() => Promise<void>> {
    return this.kv.subscribe(this.key('changed'), () => listener());
  }

  /** The version the store holds now (-1: none written yet), whatever this process has loaded. */
  async storedVersion(): Promise<number> {
    return Number((await this.kv.get(this.key('version'))) ?? -1);
  }

  /** Loads the registry when the store holds a newer version than this process has. */
  async refresh(force = false): Promise<void> {
    const now = Date.now();
    if (!force && this.version >= 0 && now - this.lastCheck < this.checkEveryMs) return;
    if (this.refreshing) return this.refreshing;
    this.refreshing = (async () => {
      try {
        this.lastCheck = now;
        const v = await this.storedVersion();
        if (v === this.version && !force) return;
        await this.read(v);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  get ready(): boolean { return this.version >= 0; }

  /** Resolves when a registry has been written (a channel subgraph waits for the catalog sync). */
  async waitUntilReady(timeoutMs = 30000, pollMs = 200): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.refresh(true);
      if (this.ready) return;
      if (Date.now() > until) throw new Error('The SKU registry was not built in time: is the unification subgraph running?');
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}

/**
 * The mapping of every local code to one global SKU or location, kept in the shared store so
 * every subgraph translates the same way. Written whole by the unification's catalog sync;
 * read here with small in-process caches refreshed when the registry's version changes.
 */
export class Registry extends VersionedRegistryReader {
  private skus = new Map<string, SkuRecord>();
  private skuOrder: string[] = [];
  private codeIndex = new Map<string, string[]>();
  private locations = new Map<string, Location>();
  private locationList: readonly Location[] = [];
  private locationCodeIndex = new Map<string, string>();
  private unmapped: UnmappedCodeRecord[] = [];
  private conflicts: CodeConflictRecord[] = [];
  private conflictIndex = new Set<string>();
  private builtAt = 0;

  async write(snapshot: RegistrySnapshot): Promise<number> {
    // One document: the registry changes as a whole (a catalog sync), and readers cache it whole;
    // beside it its index (SKU ids and locations), for readers that need no more (CatalogIndex),
    // stamped with the version it belongs to: an index of another version is not used
    await this.kv.set(this.key('doc'), JSON.stringify(snapshot));
    const version = await this.kv.incr(this.key('version'));
    await this.kv.set(this.key('index'), JSON.stringify({ ...indexOf(snapshot), version }));
    await this.kv.publish(this.key('changed'), String(version));
    this.load(snapshot, version);
    return version;
  }

  protected async read(version: number): Promise<void> {
    const doc = await this.kv.get(this.key('doc'));
    if (doc) this.load(JSON.parse(doc) as RegistrySnapshot, version);
  }

  /** when the loaded registry was built from the item masters */
  get catalogAsOf(): number { return this.builtAt; }

  private load(s: RegistrySnapshot, version: number): void {
    this.skus = new Map(s.skus.map((k) => [k.id, k]));
    this.skuOrder = s.skus.map((k) => k.id).sort();
    this.codeIndex = new Map();
    for (const sku of s.skus) {
      for (const c of sku.localCodes) {
        const k = `${c.system}:${c.code}`;
        const list = this.codeIndex.get(k) ?? [];
        if (!list.includes(sku.id)) list.push(sku.id);
        this.codeIndex.set(k, list);
      }
    }
    this.locations = new Map(s.locations.map((l) => [l.id, l]));
    this.locationList = [...this.locations.values()];
    this.locationCodeIndex = new Map();
    for (const l of s.locations) for (const c of l.localCodes) this.locationCodeIndex.set(`${c.system}:${c.code}`, l.id);
    this.unmapped = s.unmapped;
    this.conflicts = s.conflicts;
    this.conflictIndex = new Set(s.conflicts.map((c) => `${c.system}:${c.code}`));
    this.builtAt = s.builtAt;
    this.version = version;
  }

  sku(id: string): SkuRecord | undefined { return this.skus.get(id); }
  /** SKU ids in id order, for stable paging */
  skuIds(): readonly string[] { return this.skuOrder; }
  /** Every global SKU that claims a local code (more than one is a conflict). */
  skusForCode(system: SourceSystem, code: string): string[] { return this.codeIndex.get(`${system}:${code}`) ?? []; }
  /** The one global SKU of a local code; undefined when unmapped or conflicting. */
  resolveSku(system: SourceSystem, code: string): string | undefined {
    const ids = this.skusForCode(system, code);
    return ids.length === 1 ? ids[0] : undefined;
  }
  location(id: string): Location | undefined { return this.locations.get(id); }
  /** every location, the same array until the next catalogue (not copied per call: feedingMemo keys on it) */
  allLocations(): readonly Location[] { return this.locationList; }
  resolveLocation(system: SourceSystem, code: string): string | undefined { return this.locationCodeIndex.get(`${system}:${code}`); }
  localCode(skuId: string, system: SourceSystem): string | undefined {
    return this.skus.get(skuId)?.localCodes.find((c) => c.system === system)?.code;
  }
  locationCode(locationId: string, system: SourceSystem): string | undefined {
    return this.locations.get(locationId)?.localCodes.find((c) => c.system === system)?.code;
  }
  unmappedCodes(): UnmappedCodeRecord[] { return this.unmapped; }
  codeConflicts(): CodeConflictRecord[] { return this.conflicts; }
  /** A local code more than one global SKU claims (reported as a conflict, not as unmapped). */
  isConflict(system: SourceSystem, code: string): boolean { return this.conflictIndex.has(`${system}:${code}`); }

  /** Records a code met in a feed that the registry cannot map (kept visible, not dropped). */
  async reportUnmapped(rec: UnmappedCodeRecord): Promise<void> {
    await this.kv.hset(this.key('unmapped-seen'), { [`${rec.system}:${rec.code}`]: JSON.stringify(rec) });
  }

  async seenUnmapped(): Promise<UnmappedCodeRecord[]> {
    const all = await this.kv.hgetall(this.key('unmapped-seen'));
    return Object.values(all).map((v) => JSON.parse(v) as UnmappedCodeRecord);
  }
}

/**
 * The registry as a reader needs it that only asks whether a SKU exists, its name, and where each
 * location is (the gateway's position answers): from the index the catalog sync writes beside the
 * document. On a registry of bench shape (10,000 SKUs × 200 locations; scripts/catalogIndexMemory.ts)
 * the document is 4.3 MB of JSON and 24.9 MB of heap once loaded, the index 0.6 MB and 2.2 MB.
 * Reading the document also grows ioredis's reply-parser pool (redis-parser: one per process, 3 ×
 * the largest reply that spans socket reads) by 11.2 MB for good, since it shrinks the pool by
 * slicing, which keeps the whole allocation; the index, by 1.6 MB. The index carries the registry
 * version it was written for; when the stored one is of another version (a store written before
 * indexes were, an older writer mid-upgrade, or a write under way) the document is read instead,
 * keeping only the same.
 */
export class CatalogIndex extends VersionedRegistryReader {
  private skus = new Map<string, CatalogSku>();
  private locations = new Map<string, Location>();
  private locationList: readonly Location[] = [];

  protected async read(version: number): Promise<void> {
    const raw = await this.kv.get(this.key('index'));
    const index = raw ? (JSON.parse(raw) as CatalogIndexSnapshot) : null;
    if (index?.version === version) return this.load(index, version);
    // no index of this version: written before indexes were (or by a writer that does not write
    // them, mid-upgrade), or being written right now; the document is the registry
    const doc = await this.kv.get(this.key('doc'));
    if (doc) this.load(indexOf(JSON.parse(doc) as RegistrySnapshot), version);
  }

  private load(s: CatalogIndexSnapshot, version: number): void {
    this.skus = new Map(s.skus.map((k) => [k.id, k]));
    this.locations = new Map(s.locations.map((l) => [l.id, l]));
    this.locationList = [...this.locations.values()];
    this.version = version;
  }

  sku(id: string): CatalogSku | undefined { return this.skus.get(id); }
  location(id: string): Location | undefined { return this.locations.get(id); }
  /** every location, the same array until the next catalogue (read per availability answer: not copied) */
  allLocations(): readonly Location[] { return this.locationList; }
}

function indexOf(s: RegistrySnapshot): CatalogIndexSnapshot {
  return { skus: s.skus.map((k) => ({ id: k.id, name: k.name })), locations: s.locations };
}
