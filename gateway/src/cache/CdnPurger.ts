import type { Logger } from '@stockgraph/shared';
import type { Fetcher } from '@apollo/utils.fetcher';

export interface CdnPurgeOptions {
  /** the webhook: POSTed `{"tags": [...]}` (or `{"purgeEverything": true}`) */
  url: string;
  /** sent as `authorization` when set */
  authorization?: string;
  /** tags per call at most */
  batchSize: number;
  /** changed tags are gathered this long before a call (a full batch goes at once) */
  intervalMs: number;
  /** the gateway's keep-alive fetcher (timeouts, no redirects) */
  fetch: Fetcher;
  logger: Logger;
}

export interface CdnPurgeStats { calls: number; tags: number; failures: number; purgeEverything: number }

/**
 * Tells a CDN which SKUs' answers changed, in batches: the tags the answers carried (cdnHeaders).
 * One call at a time, in order; a failed call is logged and its tags dropped from this batch
 * (the answers' s-maxage bounds what a lost purge can leave behind).
 */
export class CdnPurger {
  private pending = new Set<string>();
  private everything = false;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();
  private closed = false;
  readonly stats: CdnPurgeStats = { calls: 0, tags: 0, failures: 0, purgeEverything: 0 };

  constructor(private readonly o: CdnPurgeOptions) {}

  /** These SKUs changed (null: anything may have). */
  changed(skus: readonly string[] | null): void {
    if (this.closed) return;
    if (skus === null) {
      this.everything = true;
      this.pending.clear();
    } else if (!this.everything) {
      for (const s of skus) this.pending.add(s);
    }
    if (this.everything || this.pending.size >= this.o.batchSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.o.intervalMs);
  }

  /** Sends what is gathered now; resolves when every call made so far is done. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const bodies: unknown[] = [];
    if (this.everything) bodies.push({ purgeEverything: true });
    else {
      const tags = [...this.pending];
      for (let i = 0; i < tags.length; i += this.o.batchSize) bodies.push({ tags: tags.slice(i, i + this.o.batchSize) });
    }
    this.everything = false;
    this.pending = new Set();
    for (const body of bodies) this.sending = this.sending.then(() => this.send(body));
    return this.sending;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async send(body: unknown): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.o.authorization) headers.authorization = this.o.authorization;
    try {
      const res = await this.o.fetch(this.o.url, { method: 'POST', headers, body: JSON.stringify(body) });
      await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.stats.calls++;
      if ('tags' in (body as object)) this.stats.tags += (body as { tags: string[] }).tags.length;
      else this.stats.purgeEverything++;
    } catch (err) {
      this.stats.failures++;
      this.o.logger.warn({ err: (err as Error).message }, 'CDN purge failed');
    }
  }
}
