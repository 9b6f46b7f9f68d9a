import type { KeyValueStore } from '../kv/KeyValueStore';

/** A feed's read position, kept in the shared store so a restarted poller resumes where it was. */
export class FeedCursor {
  constructor(private readonly kv: KeyValueStore, private readonly name: string, private readonly prefix = '') {}
  private key(): string { return `${this.prefix}cursor:${this.name}`; }
  async get(): Promise<number> { return Number((await this.kv.get(this.key())) ?? 0); }
  async set(value: number): Promise<void> { await this.kv.set(this.key(), String(value)); }
}
