import { MemoryKeyValueStore } from '@stockgraph/shared';
import { IdempotencyStore } from '@stockgraph/shared/idempotency';
import { RouteClaims } from '../routeClaims';

describe('RouteClaims', () => {
  const setup = () => {
    const idem = new IdempotencyStore(new MemoryKeyValueStore());
    return { idem, claims: new RouteClaims(idem) };
  };
  const order = (o: Record<string, unknown> = {}) => ({ channel: 'DTC' as const, lines: [{ sku: 'A', quantity: 1 }], ...o });

  it('claims the key and the order reference; a finished order replays under either', async () => {
    const { claims } = setup();
    const first = await claims.claim(order({ orderId: 'O1', idempotencyKey: 'k1' }), 'fp');
    expect(first).toEqual({ state: 'new', firstTry: true, keys: [expect.objectContaining({ field: 'idempotencyKey' }), expect.objectContaining({ field: 'orderId' })] });
    if (first.state !== 'new') return;
    await claims.complete(first.keys, 'fp', { orderId: 'OMS-1', plan: null });
    expect(await claims.claim(order({ orderId: 'O1' }), 'fp')).toEqual({ state: 'done', outcome: { orderId: 'OMS-1', plan: null } });
    // a fresh key for the same order is the same order, and that key replays it from now on
    expect(await claims.claim(order({ orderId: 'O1', idempotencyKey: 'k2' }), 'fp')).toMatchObject({ state: 'done' });
    expect(await claims.claim(order({ idempotencyKey: 'k2' }), 'fp')).toMatchObject({ state: 'done' });
  });

  it('refuses another input under a used reference, on the field it reuses', async () => {
    const { claims } = setup();
    const first = await claims.claim(order({ orderId: 'O2' }), 'fp');
    if (first.state === 'new') await claims.complete(first.keys, 'fp', { orderId: 'OMS-2', plan: null });
    const other = await claims.claim(order({ orderId: 'O2', idempotencyKey: 'k3' }), 'other');
    expect(other).toEqual({ state: 'refused', userErrors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['orderId'] })] });
    // the key it claimed on the way was given back
    expect(await claims.claim(order({ idempotencyKey: 'k3' }), 'other')).toMatchObject({ state: 'new' });
  });

  it('gives the reference back when nothing was recorded, so the order can be routed later', async () => {
    const { claims } = setup();
    const first = await claims.claim(order({ orderId: 'O3', idempotencyKey: 'k4' }), 'fp');
    if (first.state === 'new') await claims.complete(first.keys, 'fp', { orderId: null, plan: null, shipments: [] });
    expect(await claims.claim(order({ orderId: 'O3' }), 'fp')).toMatchObject({ state: 'new' });
    expect(await claims.claim(order({ idempotencyKey: 'k4' }), 'fp')).toMatchObject({ state: 'done' });
  });

  it('the same order at two gateways at once, each first to one of its two keys: one runs, the other waits and replays it', async () => {
    // On a Cluster the key and the reference live on different nodes, so each request can win
    // one. Here each "gateway" reaches one key late: A wins the key, B the reference.
    const kv = new MemoryKeyValueStore();
    const lateFor = (slow: (key: string) => boolean): MemoryKeyValueStore => new Proxy(kv, {
      get(target, prop, receiver) {
        if (prop !== 'set') return Reflect.get(target, prop, receiver);
        return async (key: string, ...rest: unknown[]) => {
          if (slow(key)) await new Promise((r) => setTimeout(r, 30));
          return (target.set as (...a: unknown[]) => Promise<boolean>)(key, ...rest);
        };
      },
    });
    const isReference = (key: string) => key.startsWith('idem:routeOrder:orderId:');
    const a = new RouteClaims(new IdempotencyStore(lateFor(isReference)));
    const b = new RouteClaims(new IdempotencyStore(lateFor((key) => !isReference(key))));
    const input = order({ orderId: 'O9', idempotencyKey: 'k9' });
    const [x, y] = [a.claim(input, 'fp', 'ops'), b.claim(input, 'fp', 'ops')];
    const first = await Promise.race([x, y]);
    expect(first).toMatchObject({ state: 'new', keys: [expect.anything(), expect.anything()] });
    if (first.state !== 'new') return;
    await new Promise((r) => setTimeout(r, 100)); // the run
    await a.complete(first.keys, 'fp', { orderId: 'OMS-9', plan: null });
    const both = await Promise.all([x, y]);
    expect(both.filter((c) => c.state === 'new')).toHaveLength(1);
    expect(both.filter((c) => c.state === 'done')).toEqual([{ state: 'done', outcome: { orderId: 'OMS-9', plan: null } }]);
  });
});
