import type { Logger } from '@stockgraph/shared';
import type { Rng } from '../generator/Rng';
import { signPosPayload } from './signature';

export interface WebhookOptions {
  /** attempts per delivery before it is given up (counted as failed) */
  maxAttempts: number;
  /** first retry delay; doubles per attempt up to maxDelayMs, ±20% jitter */
  baseDelayMs: number;
  maxDelayMs: number;
  /** per POST */
  timeoutMs: number;
  /** deliveries waiting (queued or backing off) before new ones are dropped */
  maxQueue: number;
  /** POSTs in flight at once */
  concurrency: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 5000, timeoutMs: 2000, maxQueue: 10_000, concurrency: 8,
};

interface Receiver { url: string; secret: string }
interface Delivery { receiver: Receiver; id: string; body: string; attempt: number }

export interface WebhookStats {
  receivers: number; queued: number; backingOff: number; inFlight: number;
  published: number; delivered: number; retries: number; failed: number; dropped: number;
}

/**
 * At-least-once push of till transactions. Publishing only enqueues, so a slow or dead
 * receiver never holds up the till; a failed POST comes back after a backoff, which is how a
 * receiver gets to see duplicates. The queue is bounded: past maxQueue, new deliveries drop.
 */
export class WebhookDispatcher {
  private receivers: Receiver[] = [];
  private ready: Delivery[] = [];
  private readonly backingOff = new Map<NodeJS.Timeout, Delivery>();
  private readonly inFlight = new Set<AbortController>();
  private counters = { published: 0, delivered: 0, retries: 0, failed: 0, dropped: 0 };
  private closed = false;

  constructor(private readonly opts: WebhookOptions, private readonly rng: Rng, private readonly log: Logger) {}

  register(url: string, secret: string): number {
    this.receivers = [...this.receivers.filter((r) => r.url !== url), { url, secret }];
    return this.receivers.length;
  }

  /** Forgets every receiver and whatever was still waiting for them. */
  clearReceivers(): void {
    this.receivers = [];
    this.dropPending();
  }

  /** A simulator reset: waiting deliveries dropped and counters zeroed; receivers stay. */
  reset(): void {
    this.dropPending();
    this.counters = { published: 0, delivered: 0, retries: 0, failed: 0, dropped: 0 };
  }

  private dropPending(): void {
    for (const t of this.backingOff.keys()) clearTimeout(t);
    this.backingOff.clear();
    this.ready = [];
  }

  publish(id: string, body: string): void {
    for (const receiver of this.receivers) {
      this.counters.published++;
      if (this.ready.length + this.backingOff.size >= this.opts.maxQueue) {
        this.counters.dropped++;
        continue;
      }
      this.ready.push({ receiver, id, body, attempt: 0 });
    }
    this.pump();
  }

  stats(): WebhookStats {
    return {
      receivers: this.receivers.length, queued: this.ready.length, backingOff: this.backingOff.size,
      inFlight: this.inFlight.size, ...this.counters,
    };
  }

  close(): void {
    this.closed = true;
    this.dropPending();
    for (const c of this.inFlight) c.abort();
  }

  private pump(): void {
    while (!this.closed && this.inFlight.size < this.opts.concurrency && this.ready.length > 0) {
      void this.send(this.ready.shift() as Delivery);
    }
  }

  private async send(d: Delivery): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    d.attempt++;
    let ok = false;
    try {
      const res = await fetch(d.receiver.url, {
        method: 'POST',
        body: d.body,
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'x-pos-signature': signPosPayload(d.receiver.secret, d.body),
          'x-pos-delivery': d.id,
          'x-pos-attempt': String(d.attempt),
        },
      });
      await res.arrayBuffer().catch(() => undefined);
      ok = res.status >= 200 && res.status < 300;
    } catch (err) {
      this.log.debug({ err, url: d.receiver.url, attempt: d.attempt }, 'webhook POST failed');
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
    if (this.closed) return;
    if (ok) this.counters.delivered++;
    else if (d.attempt >= this.opts.maxAttempts) this.counters.failed++;
    else this.retryLater(d);
    this.pump();
  }

  private retryLater(d: Delivery): void {
    this.counters.retries++;
    const backoff = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (d.attempt - 1));
    const delay = Math.round(backoff * (0.8 + 0.4 * this.rng.next()));
    const timer = setTimeout(() => {
      this.backingOff.delete(timer);
      this.ready.push(d);
      this.pump();
    }, delay);
    timer.unref();
    this.backingOff.set(timer, d);
  }
}
