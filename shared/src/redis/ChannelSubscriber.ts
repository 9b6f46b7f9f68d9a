import { closeRedis } from './closeRedis';
import type { RedisClient } from './roundTrip';

type Handler = (message: string) => void;

/**
 * Shares one subscriber-mode connection between everything in a process that listens to pub/sub
 * (the ledger's change channel, KV subscriptions). Channels are reference counted, so one party
 * unsubscribing never silences another on the same channel. ioredis resubscribes after a reconnect.
 * On a Redis Cluster the channels are shard channels (SSUBSCRIBE, served by the master of the
 * channel's slot; publishers use SPUBLISH, see `publishCommand`): a notice stays within its shard
 * instead of crossing the whole cluster bus.
 */
export class ChannelSubscriber {
  /** true on a Cluster: SSUBSCRIBE / SPUBLISH */
  readonly sharded: boolean;

  private readonly handlers = new Map<string, Set<{ fn: Handler }>>();
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private readonly reconnectListeners = new Set<() => void>();
  private wasReady = false;

  constructor(private readonly conn: RedisClient, private readonly owned: boolean) {
    this.sharded = conn.isCluster;
    // Messages published while the connection was down are lost: tell listeners, who must then
    // assume anything changed (caches drop everything). On a cluster a shard's subscriber is
    // replaced when its master fails over; its messages in between are lost the same way.
    const lost = () => {
      if (this.wasReady) for (const fn of [...this.reconnectListeners]) fn();
      this.wasReady = true;
    };
    conn.on('ready', lost);
    if (this.sharded) conn.on('-subscriber', () => { if (this.wasReady) for (const fn of [...this.reconnectListeners]) fn(); });
    if ((conn as { status?: string }).status === 'ready') this.wasReady = true;
    conn.on(this.sharded ? 'smessage' : 'message', (channel: string, message: string) => {
      for (const h of [...(this.handlers.get(channel) ?? [])]) {
        try {
          h.fn(message);
        } catch {
          // one listener's bug must not stop delivery to the others
        }
      }
    });
  }

  /** Resolves once the server has acknowledged the subscription; returns the unsubscribe. */
  async subscribe(channel: string, fn: Handler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.subscribed.set(channel, this.sharded ? this.conn.ssubscribe(channel) : this.conn.subscribe(channel));
    }
    const entry = { fn };
    set.add(entry);
    try {
      await this.subscribed.get(channel);
    } catch (err) {
      set.delete(entry);
      if (set.size === 0) await this.drop(channel, set).catch(() => undefined);
      throw err;
    }
    return async () => {
      if (!set!.delete(entry) || set!.size > 0) return;
      await this.drop(channel, set!);
    };
  }

  /** Called after the connection came back (ioredis resubscribes); returns the unsubscribe. */
  onReconnect(fn: () => void): () => void {
    this.reconnectListeners.add(fn);
    return () => this.reconnectListeners.delete(fn);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.subscribed.clear();
    if (this.owned) await closeRedis(this.conn);
  }

  private async drop(channel: string, set: Set<{ fn: Handler }>): Promise<void> {
    if (this.handlers.get(channel) !== set) return;
    this.handlers.delete(channel);
    this.subscribed.delete(channel);
    // On a cluster the shard subscription stays until the connection closes: ioredis's
    // bookkeeping of shard channels is quadratic in their number, and the ledger listens to all
    // 16,384 (one per slot); a message without handlers is dropped above.
    if (this.sharded) return;
    if (this.conn.status === 'ready') await this.conn.unsubscribe(channel);
  }
}

/** The publish command that reaches subscribers of `redis`'s kind: SPUBLISH on a cluster. */
export function publishCommand(redis: RedisClient): 'spublish' | 'publish' {
  return redis.isCluster ? 'spublish' : 'publish';
}

/** One listener on many channels (the ledger's 16,384 shard channels); resolves once all are acknowledged. */
export async function subscribeAll(sub: ChannelSubscriber, channels: readonly string[], fn: Handler): Promise<() => Promise<void>> {
  const settled = await Promise.allSettled(channels.map((c) => sub.subscribe(c, fn)));
  const done = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const unsubscribeAll = async () => { await Promise.all(done.map((u) => u().catch(() => undefined))); };
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await unsubscribeAll();
    throw failed.reason;
  }
  return unsubscribeAll;
}
