import { closeRedis } from './closeRedis';
import type { RedisClient } from './roundTrip';

type Handler = (message: string) => void;

/**
 * Shares one subscriber-mode connection between everything in a process that listens to pub/sub
 * (the ledger's change channel, KV subscriptions). Channels are reference counted, so one party
 * unsubscribing never silences another on the same channel. ioredis resubscribes after a reconnect.
 */
export class ChannelSubscriber {
  private readonly handlers = new Map<string, Set<{ fn: Handler }>>();
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private readonly reconnectListeners = new Set<() => void>();
  private wasReady = false;

  constructor(private readonly conn: RedisClient, private readonly owned: boolean) {
    // Messages published while the connection was down are lost: tell listeners, who must then
    // assume anything changed (caches drop everything).
    conn.on('ready', () => {
      if (this.wasReady) for (const fn of [...this.reconnectListeners]) fn();
      this.wasReady = true;
    });
    if ((conn as { status?: string }).status === 'ready') this.wasReady = true;
    conn.on('message', (channel: string, message: string) => {
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
      this.subscribed.set(channel, this.conn.subscribe(channel));
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
    if (this.conn.status === 'ready') await this.conn.unsubscribe(channel);
  }
}
