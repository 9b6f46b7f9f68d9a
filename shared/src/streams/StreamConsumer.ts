import { hostname } from 'node:os';
import type { Logger } from '../logger';
import type { EventStreams, StreamEntry } from './EventStreams';

export interface ConsumeOptions<T> {
  streams: EventStreams;
  stream: string;
  /** one group per consuming service: each service sees every entry once, its replicas share them */
  group: string;
  /** unique per process by default (`<group>-<host>-<pid>`), so a restarted process reclaims by idle time */
  consumer?: string;
  /** null: malformed, acknowledged and counted as rejected (a redelivery would not mend it) */
  parse(body: string): T | null;
  /**
   * Applies one event. Must be idempotent by `entry.sourceId`: an entry is delivered again when
   * this process died before acknowledging it. Throwing leaves the entry pending, to be tried again.
   */
  handle(event: T, entry: StreamEntry): Promise<void>;
  /**
   * The consumer keeps its state in process memory (a projection): before reading its group it
   * applies every retained entry again, rebuilding what a restart lost; `handle` skips duplicates.
   */
  replay?: boolean;
  logger?: Logger;
  /** entries pending this long with any consumer are taken over (default 30 s) */
  claimIdleMs?: number;
  blockMs?: number;
  batch?: number;
  /** test only: kill -9 this process after handling an entry, before acknowledging it */
  killBeforeAck?: boolean;
}

export interface StreamConsumer {
  readonly consumer: string;
  readonly stats: { handled: number; rejected: number; failed: number; claimed: number; replayed: number };
  /** resolves once the group exists and the replay (if any) is done: entries appended after are seen */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The read loop of one consumer of one stream: at start what this consumer left pending, then
 * new entries as they come (blocking read), and every `claimIdleMs / 2` whatever another consumer
 * left pending too long (XAUTOCLAIM: a crashed process's entries). Each entry is acknowledged only
 * after `handle` resolved, so delivery is at least once and the handler makes it exactly once.
 */
export function consumeStream<T>(o: ConsumeOptions<T>): StreamConsumer {
  const consumer = o.consumer ?? `${o.group}-${hostname()}-${process.pid}`;
  const claimIdleMs = o.claimIdleMs ?? o.streams.consumerDefaults.claimIdleMs ?? 30_000;
  const killBeforeAck = o.killBeforeAck ?? o.streams.consumerDefaults.killBeforeAck?.includes(o.stream) ?? false;
  const stats = { handled: 0, rejected: 0, failed: 0, claimed: 0, replayed: 0 };
  const log = o.logger?.child({ stream: o.stream, group: o.group, consumer });
  let running = true;
  let lastClaim = 0;
  let wakeSleep: (() => void) | null = null;

  const apply = async (e: StreamEntry, ack: boolean): Promise<boolean> => {
    const event = o.parse(e.body);
    if (event === null) {
      stats.rejected++;
      log?.warn({ id: e.id, sourceId: e.sourceId, body: e.body.slice(0, 200) }, 'malformed stream entry acknowledged unread');
    } else {
      try {
        await o.handle(event, e);
        stats.handled++;
      } catch (err) {
        stats.failed++;
        log?.warn({ id: e.id, sourceId: e.sourceId, err: (err as Error).message }, 'stream entry not applied; left pending');
        return false;
      }
    }
    if (ack) {
      if (killBeforeAck && event !== null) process.kill(process.pid, 'SIGKILL');
      await o.streams.ack(o.stream, o.group, [e.id]);
    }
    return true;
  };
  const applyAll = async (entries: StreamEntry[]) => {
    for (const e of entries) {
      if (!running) return;
      await apply(e, true);
    }
  };

  const ready = (async () => {
    await o.streams.ensureGroup(o.stream, o.group);
    if (o.replay) {
      let after = '0';
      for (;;) {
        const page = await o.streams.range(o.stream, after, 500);
        for (const e of page) { await apply(e, false); stats.replayed++; }
        if (page.length < 500) break;
        after = page[page.length - 1]!.id;
      }
    }
    await applyAll(await o.streams.readOwnPending(o.stream, o.group, consumer));
  })();

  const loop = (async () => {
    // the caller awaits `ready` and sees its failure; this loop then never starts
    try { await ready; } catch { return; }
    while (running) {
      try {
        if (Date.now() - lastClaim >= claimIdleMs / 2) {
          lastClaim = Date.now();
          const claimed = await o.streams.claimIdle(o.stream, o.group, consumer, claimIdleMs);
          stats.claimed += claimed.length;
          if (claimed.length) log?.info({ entries: claimed.length }, 'took over entries left pending');
          await applyAll(claimed);
        }
        const blockMs = Math.max(1, Math.min(o.blockMs ?? 1000, claimIdleMs / 2));
        await applyAll(await o.streams.readNew(o.stream, o.group, consumer, { count: o.batch ?? 100, blockMs }));
      } catch (err) {
        if (!running) break;
        log?.warn({ err: (err as Error).message }, 'stream read failed; retrying');
        // the stream key was deleted (and its group with it): make the group again, from the start
        if (/NOGROUP/.test((err as Error).message)) await o.streams.ensureGroup(o.stream, o.group).catch(() => undefined);
        await new Promise<void>((r) => { wakeSleep = r; setTimeout(r, 1000); });
      }
    }
  })();

  return {
    consumer,
    stats,
    ready,
    async stop() {
      running = false;
      wakeSleep?.();
      await o.streams.release(o.stream, o.group, consumer).catch(() => undefined);
      await loop.catch(() => undefined);
    },
  };
}
