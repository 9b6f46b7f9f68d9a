import type { KeyValueStore } from '../kv/KeyValueStore';
import type { EventStreams } from './EventStreams';
import { consumeStream, type ConsumeOptions, type StreamConsumer } from './StreamConsumer';

/**
 * A typed stream: its name, how a body is read back, and the source id of an event (what makes a
 * redelivered or re-published fact recognisable). Publishers and consumers of one kind of fact
 * share one Topic, so neither can drift from the other's shape.
 */
export interface Topic<T> {
  stream: string;
  parse(body: string): T | null;
  sourceId(event: T): string;
}

export const defineTopic = <T>(t: Topic<T>): Topic<T> => t;

const streamsOf = (s: KeyValueStore | EventStreams): EventStreams => ('streams' in s ? s.streams : s);

/** Appends one fact; resolves once the store has it (XADD), throws when it could not be stored. */
export function publishTo<T>(to: KeyValueStore | EventStreams, topic: Topic<T>, event: T, sourceId = topic.sourceId(event)): Promise<string> {
  return streamsOf(to).append(topic.stream, sourceId, JSON.stringify(event));
}

/** Starts a consumer of the topic in `group` (one group per consuming service). */
export function consumeTopic<T>(from: KeyValueStore | EventStreams, topic: Topic<T>, o: Omit<ConsumeOptions<T>, 'streams' | 'stream' | 'parse'>): StreamConsumer {
  return consumeStream({ ...o, streams: streamsOf(from), stream: topic.stream, parse: topic.parse });
}

/**
 * Source ids already applied by a consumer that keeps its state in memory: bounded (oldest
 * forgotten first), sized beyond a stream's retention so a replay never applies a fact twice.
 */
export class AppliedIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max: number) {}

  /** true the first time an id is seen (and remembers it) */
  first(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}
