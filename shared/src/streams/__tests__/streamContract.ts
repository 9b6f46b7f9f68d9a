import type { EventStreams } from '../EventStreams';
import { consumeStream } from '../StreamConsumer';
import { AppliedIds } from '../topic';
import { waitFor } from '../../testing';

/**
 * The behaviour every EventStreams must show (Redis Streams semantics). `make` returns an empty
 * store each call (Redis: a fresh key prefix) with the retention given; `cleanup` runs once after.
 */
export function runEventStreamsContract(name: string, make: (retention?: number) => Promise<EventStreams>, cleanup: () => Promise<void>): void {
  describe(`${name}: EventStreams contract`, () => {
    const open: EventStreams[] = [];
    const store = async (retention?: number) => {
      const s = await make(retention);
      open.push(s);
      return s;
    };
    afterEach(async () => { await Promise.all(open.splice(0).map((s) => s.close())); });
    afterAll(cleanup);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('delivers each entry once per group; every group sees every entry, from the first retained one', async () => {
      const s = await store();
      const a = await s.append('facts', 'src-1', '{"n":1}');
      await s.append('facts', 'src-2', '{"n":2}');
      await s.ensureGroup('facts', 'planning');
      await s.ensureGroup('facts', 'planning');
      const first = await s.readNew('facts', 'planning', 'c1');
      expect(first.map((e) => [e.sourceId, e.body])).toEqual([['src-1', '{"n":1}'], ['src-2', '{"n":2}']]);
      expect(first[0]!.id).toBe(a);
      expect(await s.readNew('facts', 'planning', 'c2')).toEqual([]);
      await s.ensureGroup('facts', 'oms');
      expect((await s.readNew('facts', 'oms', 'c1')).map((e) => e.sourceId)).toEqual(['src-1', 'src-2']);
      expect(await s.length('facts')).toBe(2);
    });

    it('refuses to read a group that does not exist', async () => {
      const s = await store();
      await s.append('facts', 'x', '{}');
      await expect(s.readNew('facts', 'nobody', 'c1')).rejects.toThrow(/NOGROUP/);
    });

    it('shares a group between its consumers and keeps what is not acknowledged pending', async () => {
      const s = await store();
      await s.ensureGroup('facts', 'g');
      for (let i = 0; i < 4; i++) await s.append('facts', `s${i}`, String(i));
      const one = await s.readNew('facts', 'g', 'one', { count: 3 });
      const two = await s.readNew('facts', 'g', 'two');
      expect(one.map((e) => e.body)).toEqual(['0', '1', '2']);
      expect(two.map((e) => e.body)).toEqual(['3']);
      expect(await s.ack('facts', 'g', [one[0]!.id, one[0]!.id])).toBe(1);
      const p = await s.pending('facts', 'g');
      expect(p.count).toBe(3);
      expect(p.consumers).toEqual([{ name: 'one', pending: 2 }, { name: 'two', pending: 1 }]);
      expect((await s.readOwnPending('facts', 'g', 'one')).map((e) => e.body)).toEqual(['1', '2']);
      await s.ack('facts', 'g', [one[1]!.id, one[2]!.id, two[0]!.id]);
      expect(await s.pending('facts', 'g')).toEqual({ count: 0, oldestIdleMs: 0, consumers: [] });
    });

    it('hands what a consumer left pending to another only once it has been idle long enough', async () => {
      const s = await store();
      await s.ensureGroup('facts', 'g');
      await s.append('facts', 'a', 'A');
      await s.append('facts', 'b', 'B');
      await s.readNew('facts', 'g', 'crashed');
      expect(await s.claimIdle('facts', 'g', 'survivor', 60_000)).toEqual([]);
      await sleep(120);
      expect((await s.pending('facts', 'g')).oldestIdleMs).toBeGreaterThanOrEqual(100);
      const claimed = await s.claimIdle('facts', 'g', 'survivor', 100, 1);
      expect(claimed.map((e) => e.body)).toEqual(['A']);
      expect((await s.pending('facts', 'g')).consumers).toEqual([{ name: 'crashed', pending: 1 }, { name: 'survivor', pending: 1 }]);
      // claiming resets the idle time: the entry is not taken again at once
      expect((await s.claimIdle('facts', 'g', 'third', 100)).map((e) => e.body)).toEqual(['B']);
    });

    it('keeps at least `retention` entries, trimming older ones', async () => {
      const s = await store(10);
      expect(s.retention).toBe(10);
      for (let i = 0; i < 400; i++) await s.append('busy', `s${i}`, String(i));
      const n = await s.length('busy');
      expect(n).toBeGreaterThanOrEqual(10);
      expect(n).toBeLessThan(400);
      const kept = await s.range('busy', '0', 1000);
      expect(kept.length).toBe(n);
      expect(kept[kept.length - 1]!.body).toBe('399');
      expect(Number(kept[1]!.body) - Number(kept[0]!.body)).toBe(1);
    });

    it('pages through retained entries after an id, oldest first', async () => {
      const s = await store();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await s.append('r', `s${i}`, String(i)));
      expect((await s.range('r', '0', 2)).map((e) => e.body)).toEqual(['0', '1']);
      expect((await s.range('r', ids[1]!, 10)).map((e) => e.body)).toEqual(['2', '3', '4']);
      expect(await s.range('never', '0', 10)).toEqual([]);
    });

    it('a blocking read returns as soon as an entry arrives', async () => {
      const s = await store();
      await s.ensureGroup('live', 'g');
      const read = s.readNew('live', 'g', 'c', { blockMs: 5000 });
      await sleep(50);
      await s.append('live', 'x', 'hello');
      expect((await read).map((e) => e.body)).toEqual(['hello']);
      expect(await s.readNew('live', 'g', 'c', { blockMs: 50 })).toEqual([]);
      await s.release('live', 'g', 'c');
    });

    it('a consumer applies each fact once though it is delivered again after a crash, and takes over a dead consumer\'s entries', async () => {
      const s = await store();
      await s.ensureGroup('demand', 'planning');
      for (let i = 0; i < 5; i++) await s.append('demand', `sale-${i}`, JSON.stringify({ qty: i + 1 }));
      // a process read three entries, applied them, and died before acknowledging
      const taken = await s.readNew('demand', 'planning', 'dead', { count: 3 });
      const applied = new AppliedIds(100);
      let total = 0;
      for (const e of taken) if (applied.first(e.sourceId)) total += (JSON.parse(e.body) as { qty: number }).qty;
      // the same fact published twice (a publisher retry) counts once too
      await s.append('demand', 'sale-0', JSON.stringify({ qty: 1 }));
      await s.append('demand', 'garbage', 'not json');
      const c = consumeStream<{ qty: number }>({
        streams: s, stream: 'demand', group: 'planning', consumer: 'alive', claimIdleMs: 100, blockMs: 20,
        parse: (b) => { try { return JSON.parse(b) as { qty: number }; } catch { return null; } },
        handle: async (e, entry) => { if (applied.first(entry.sourceId)) total += e.qty; },
      });
      await c.ready;
      await waitFor(() => c.stats.claimed === 3 && c.stats.rejected === 1 && c.stats.handled === 6, Boolean, { what: 'the dead consumer\'s entries taken over' });
      expect(total).toBe(1 + 2 + 3 + 4 + 5);
      const p = await s.pending('demand', 'planning');
      await c.stop();
      expect(p.count).toBe(0);
    });

    it('leaves an entry whose handler failed pending, and applies it on a later attempt', async () => {
      const s = await store();
      let fail = true;
      const seen: string[] = [];
      const c = consumeStream<string>({
        streams: s, stream: 'rma', group: 'oms', consumer: 'me', claimIdleMs: 100, blockMs: 20, parse: (b) => b,
        handle: async (e) => { if (fail) { fail = false; throw new Error('OMS down'); } seen.push(e); },
      });
      await c.ready;
      await s.append('rma', 'r1', 'till line 1');
      await waitFor(() => seen.length === 1, Boolean, { what: 'the failed entry applied on retry' });
      expect(c.stats.failed).toBe(1);
      await waitFor(() => c.stats.handled === 1, Boolean, { what: 'handled' });
      await c.stop();
      expect((await s.pending('rma', 'oms')).count).toBe(0);
    });

    it('a replaying consumer rebuilds its state from every retained entry before reading its group', async () => {
      const s = await store();
      for (let i = 0; i < 3; i++) await s.append('kpi', `po-${i}`, String(i));
      const first = new AppliedIds(100);
      const c1 = consumeStream<string>({ streams: s, stream: 'kpi', group: 'planning', consumer: 'p1', blockMs: 20, parse: (b) => b, handle: async (_e, en) => { first.first(en.sourceId); } });
      await waitFor(() => c1.stats.handled === 3, Boolean, { what: 'read' });
      await c1.stop();
      // a new process with empty memory: the group has nothing new, the replay brings it all back
      const again = new AppliedIds(100);
      const c2 = consumeStream<string>({ streams: s, stream: 'kpi', group: 'planning', consumer: 'p2', blockMs: 20, replay: true, parse: (b) => b, handle: async (_e, en) => { again.first(en.sourceId); } });
      await c2.ready;
      expect(c2.stats.replayed).toBe(3);
      expect(again.size).toBe(3);
      await s.append('kpi', 'po-3', '3');
      await waitFor(() => again.size === 4, Boolean, { what: 'a new entry after the replay' });
      await c2.stop();
    });

    it('a consumer whose start failed stops quietly; one whose group vanished makes it again', async () => {
      const s = await store();
      const broken = Object.assign(Object.create(s) as typeof s, { ensureGroup: async () => { throw new Error('Redis down'); } });
      const dead = consumeStream<string>({ streams: broken, stream: 'x', group: 'g', parse: (b) => b, handle: async () => undefined });
      await expect(dead.ready).rejects.toThrow('Redis down');
      await dead.stop();
      // the group is gone (its stream key deleted) until someone creates it again
      let ensured = 0;
      const flaky = Object.assign(Object.create(s) as typeof s, {
        ensureGroup: async (stream: string, group: string) => { ensured++; await s.ensureGroup(stream, group); },
        readNew: async (...a: Parameters<typeof s.readNew>) => {
          if (ensured < 2) throw new Error("NOGROUP No such key or consumer group 'g'");
          return s.readNew(...a);
        },
      });
      const seen: string[] = [];
      const c = consumeStream<string>({ streams: flaky, stream: 'y', group: 'g', consumer: 'c', blockMs: 20, parse: (b) => b, handle: async (e) => { seen.push(e); } });
      await c.ready;
      await s.append('y', 'one', 'after the error');
      await waitFor(() => seen.length === 1, Boolean, { what: 'read after the group came back', timeoutMs: 5000 });
      await c.stop();
    });
  });
}
