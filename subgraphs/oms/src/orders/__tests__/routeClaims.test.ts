import { MemoryKeyValueStore } from '@stockgraph/shared';
import { IdempotencyStore } from '@stockgraph/shared/idempotency/IdempotencyStore';
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
});
