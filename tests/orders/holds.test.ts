import type { RedisClient } from '@stockgraph/shared/redis';
import { createRedisClient } from '@stockgraph/shared/redis';
import { closeRedis } from '@stockgraph/shared/redis';
import { createStores, type Stores } from '@stockgraph/shared/stores';
import { startTestStack, demoKey, type TestStack } from '../support/startTestStack';
import { gql } from '../support/gql';
import { allReservations, auditLedger } from '../support/ledgerAudit';
import {
  RELEASE_HOLD, codes, holdCart, makeAvailable, payload, positionOf, reservationStatus, stockAtThroughGraph, atsOf,
  type HoldAnswer,
} from '../support/omsOps';
import { waitFor } from '../support/waitFor';

/*
 * Issue 4, holds, through the gateway on real Redis: HoldCart / ReleaseHold as the storefront
 * sends them. Every figure is read from the ledger first and the expectation worked out from it.
 */

let t: TestStack;
let redis: RedisClient;
let prefix: string;
const storefront = demoKey('storefront');
const ops = demoKey('order-management');
const ledger = () => t.stack.platform.stores.ledger;

/** SKUs with a position at a DC, one per test so no test sees another's holds. */
let skus: string[];
let nextSku = 0;
const DC = 'D001';
const takeSku = () => skus[nextSku++];

beforeAll(async () => {
  t = await startTestStack('orders-holds', 'redis', { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 });
  prefix = t.redis!.prefix;
  redis = createRedisClient(t.redis!.url);
  const ids = t.stack.platform.registry.skuIds();
  const positions = await ledger().getPositionsForSkus(ids);
  skus = ids.filter((_, i) => positions[i].some((p) => p.locationId === DC && p.onHand > 20));
  expect(skus.length).toBeGreaterThan(12);
});
afterAll(async () => {
  await closeRedis(redis).catch(() => undefined);
  await t?.close();
});

const dueCount = () => redis.zcard(`${prefix}rsv:due`);

describe('1,000 concurrent holds against 10 units', () => {
  it('holds exactly 10, refuses the rest with INSUFFICIENT_STOCK, and releasing restores the 10', async () => {
    const sku = takeSku();
    const start = await makeAvailable(ledger(), sku, DC, 10);
    expect(atsOf(start)).toBe(10);

    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) =>
      holdCart(t.url, storefront, { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 1 }], reference: `cart-${i}` })));

    const held = answers.filter((a) => a.reservations.length > 0);
    const refused = answers.filter((a) => a.reservations.length === 0);
    expect(held).toHaveLength(10);
    expect(refused).toHaveLength(990);
    for (const a of held) {
      expect(a.userErrors).toEqual([]);
      expect(a.reservations).toHaveLength(1);
      expect(a.reservations[0]).toMatchObject({ sku: { id: sku }, location: { id: DC }, quantity: 1, status: 'ACTIVE' });
    }
    for (const a of refused) expect(a.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['lines', '0', 'quantity'] })]);
    expect(new Set(held.map((a) => a.reservations[0].id)).size).toBe(10);

    const after = await positionOf(ledger(), sku, DC);
    expect(after.reserved).toBe(start.reserved + 10);
    expect(after.onHand).toBe(start.onHand);
    expect(atsOf(after)).toBe(0);
    expect((await stockAtThroughGraph(t.url, ops, sku, DC)).availableToSell).toBe(0);
    expect((await auditLedger(redis, prefix)).mismatches).toEqual([]);

    const released = await Promise.all(held.map((a) => gql(t.url, RELEASE_HOLD, { id: a.reservations[0].id }, storefront)));
    for (const r of released) {
      const p = payload<{ reservation: { status: string }; userErrors: unknown[] }>(r, 'releaseReservation');
      expect(p).toMatchObject({ reservation: { status: 'RELEASED' }, userErrors: [] });
    }
    const restored = await positionOf(ledger(), sku, DC);
    expect(restored.reserved).toBe(start.reserved);
    expect(atsOf(restored)).toBe(10);
    expect((await stockAtThroughGraph(t.url, ops, sku, DC)).availableToSell).toBe(10);

    // releasing again is refused and changes nothing
    const again = payload<{ reservation: { status: string }; userErrors: { code: string }[] }>(
      await gql(t.url, RELEASE_HOLD, { id: held[0].reservations[0].id }, storefront), 'releaseReservation');
    expect(codes(again.userErrors as never)).toEqual(['RESERVATION_NOT_ACTIVE']);
    expect(await positionOf(ledger(), sku, DC)).toEqual(restored);
  });
});

describe('expiry', () => {
  it('a hold with ttlSeconds 1 is EXPIRED by the sweeper and its stock returns', async () => {
    const sku = takeSku();
    const start = await makeAvailable(ledger(), sku, DC, 5);
    const a = await holdCart(t.url, storefront, { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 3 }], ttlSeconds: 1 });
    expect(a.userErrors).toEqual([]);
    const r = a.reservations[0];
    expect(Date.parse(r.expiresAt) - Date.now()).toBeLessThanOrEqual(1000);
    expect((await positionOf(ledger(), sku, DC)).reserved).toBe(start.reserved + 3);

    const stop = t.stack.apps.oms.startExpirySweeper(50);
    try {
      await waitFor(() => reservationStatus(t.url, ops, r.id), (s) => s === 'EXPIRED', { what: 'the sweeper to expire the hold' });
    } finally {
      stop();
    }
    expect(await reservationStatus(t.url, ops, r.id)).toBe('EXPIRED');
    const after = await positionOf(ledger(), sku, DC);
    expect(after.reserved).toBe(start.reserved);
    expect(atsOf(after)).toBe(5);
  });

  it('two instances sweeping at once expire each hold exactly once', async () => {
    const sku = takeSku();
    const start = await makeAvailable(ledger(), sku, DC, 8);
    const a = await holdCart(t.url, storefront, { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 2 }, { sku, locationId: DC, quantity: 3 }], ttlSeconds: 1 });
    expect(a.reservations).toHaveLength(2);
    const other: Stores = await createStores(t.redis!.url, { prefix });
    try {
      const due = Math.max(...a.reservations.map((r) => Date.parse(r.expiresAt)));
      const [x, y] = await Promise.all([ledger().expireDue(due), other.ledger.expireDue(due)]);
      const mine = [...x, ...y].filter((r) => r.sku === sku).map((r) => r.id).sort();
      expect(mine).toEqual(a.reservations.map((r) => r.id).sort());
    } finally {
      await other.close();
    }
    for (const r of a.reservations) expect(await reservationStatus(t.url, ops, r.id)).toBe('EXPIRED');
    const after = await positionOf(ledger(), sku, DC);
    expect(after.reserved).toBe(start.reserved);
    expect(atsOf(after)).toBe(8);
  });
});

describe('idempotency (reserve)', () => {
  it('the same key twice in a row returns the same reservations and holds once', async () => {
    const sku = takeSku();
    const start = await makeAvailable(ledger(), sku, DC, 6);
    const input = { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 2 }], idempotencyKey: `cart-seq-${sku}` };
    const first = await holdCart(t.url, storefront, input);
    const second = await holdCart(t.url, storefront, input);
    expect(first.userErrors).toEqual([]);
    expect(first.reservations).toHaveLength(1);
    expect(second).toEqual(first);
    expect((await positionOf(ledger(), sku, DC)).reserved).toBe(start.reserved + 2);
    expect((await allReservations(redis, prefix, sku)).filter((r) => r.status === 'ACTIVE')).toHaveLength(1);
  });

  it('20 concurrent requests with one key hold once: identical answers or IDEMPOTENCY_IN_FLIGHT', async () => {
    const sku = takeSku();
    const start = await makeAvailable(ledger(), sku, DC, 6);
    const input = { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 2 }], idempotencyKey: `cart-par-${sku}` };
    const answers = await Promise.all(Array.from({ length: 20 }, () => holdCart(t.url, storefront, input)));
    const ok = answers.filter((a) => a.reservations.length > 0);
    const inFlight = answers.filter((a) => a.reservations.length === 0);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const a of ok) expect(a).toEqual(ok[0]);
    for (const a of inFlight) expect(codes(a.userErrors)).toEqual(['IDEMPOTENCY_IN_FLIGHT']);
    expect((await positionOf(ledger(), sku, DC)).reserved).toBe(start.reserved + 2);
    const active = (await allReservations(redis, prefix, sku)).filter((r) => r.status === 'ACTIVE');
    expect(active.map((r) => r.id)).toEqual(ok[0].reservations.map((r) => r.id));
    // once settled, a replay answers like the first
    expect(await holdCart(t.url, storefront, input)).toEqual(ok[0]);
  });

  it('the same key with another input is refused with IDEMPOTENCY_KEY_REUSED and holds nothing', async () => {
    const sku = takeSku();
    await makeAvailable(ledger(), sku, DC, 6);
    const key = `cart-reuse-${sku}`;
    const first = await holdCart(t.url, storefront, { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 1 }], idempotencyKey: key });
    expect(first.reservations).toHaveLength(1);
    const before = await positionOf(ledger(), sku, DC);
    const dueBefore = await dueCount();
    const reused = await holdCart(t.url, storefront, { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 2 }], idempotencyKey: key });
    expect(reused.reservations).toEqual([]);
    expect(reused.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] })]);
    expect(await positionOf(ledger(), sku, DC)).toEqual(before);
    expect(await dueCount()).toBe(dueBefore);
    expect(await allReservations(redis, prefix, sku)).toHaveLength(1);
  });

  it('a key is the calling client\'s own: another client sending the same key and input holds anew and never sees the first hold', async () => {
    const sku = takeSku();
    const start = await makeAvailable(ledger(), sku, DC, 6);
    const input = { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 2 }], idempotencyKey: `cart-shared-${sku}` };
    const mine = await holdCart(t.url, storefront, input);
    const theirs = await holdCart(t.url, ops, input);
    expect(mine.userErrors).toEqual([]);
    expect(theirs.userErrors).toEqual([]);
    expect(theirs.reservations).toHaveLength(1);
    expect(theirs.reservations[0].id).not.toBe(mine.reservations[0].id);
    expect((await positionOf(ledger(), sku, DC)).reserved).toBe(start.reserved + 4);
    // and each client's replay still answers its own first hold
    expect(await holdCart(t.url, storefront, input)).toEqual(mine);
    expect(await holdCart(t.url, ops, input)).toEqual(theirs);
  });
});

describe('all lines or none', () => {
  it('a multi-line hold with one short line holds nothing at all', async () => {
    const [a, b] = [takeSku(), takeSku()];
    await makeAvailable(ledger(), a, DC, 5);
    await makeAvailable(ledger(), b, DC, 2);
    const before = await Promise.all([positionOf(ledger(), a, DC), positionOf(ledger(), b, DC)]);
    const dueBefore = await dueCount();
    const answer = await holdCart(t.url, storefront, {
      channel: 'DTC',
      lines: [{ sku: a, locationId: DC, quantity: 2 }, { sku: a, locationId: DC, quantity: 3 }, { sku: b, locationId: DC, quantity: atsOf(before[1]) + 1 }],
    });
    expect(answer.reservations).toEqual([]);
    expect(answer.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['lines', '2', 'quantity'] })]);
    expect(await Promise.all([positionOf(ledger(), a, DC), positionOf(ledger(), b, DC)])).toEqual(before);
    expect(await allReservations(redis, prefix, a)).toEqual([]);
    expect(await allReservations(redis, prefix, b)).toEqual([]);
    expect(await dueCount()).toBe(dueBefore);
  });

  it('two lines on one position add up against what is available', async () => {
    const sku = takeSku();
    const start = await makeAvailable(ledger(), sku, DC, 4);
    const answer = await holdCart(t.url, storefront, { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 3 }, { sku, locationId: DC, quantity: 2 }] });
    expect(codes(answer.userErrors)).toEqual(['INSUFFICIENT_STOCK']);
    expect(await positionOf(ledger(), sku, DC)).toEqual(start);
  });
});

describe('bad input', () => {
  const cases: [string, (sku: string) => Record<string, unknown>, { code: string; field: string[] }][] = [
    ['quantity 0', (sku) => ({ sku, locationId: DC, quantity: 0 }), { code: 'INVALID_QUANTITY', field: ['lines', '0', 'quantity'] }],
    ['quantity -1', (sku) => ({ sku, locationId: DC, quantity: -1 }), { code: 'INVALID_QUANTITY', field: ['lines', '0', 'quantity'] }],
    ['quantity 10^9', (sku) => ({ sku, locationId: DC, quantity: 1_000_000_000 }), { code: 'INVALID_QUANTITY', field: ['lines', '0', 'quantity'] }],
    ['unknown SKU', () => ({ sku: 'SKU-DOES-NOT-EXIST', locationId: DC, quantity: 1 }), { code: 'UNKNOWN_SKU', field: ['lines', '0', 'sku'] }],
    ['unknown location', (sku) => ({ sku, locationId: 'X999', quantity: 1 }), { code: 'UNKNOWN_LOCATION', field: ['lines', '0', 'locationId'] }],
  ];
  let sku: string;
  beforeAll(async () => {
    sku = takeSku();
    await makeAvailable(ledger(), sku, DC, 5);
  });

  it.each(cases)('%s → a userError with its code and field path, nothing written', async (_name, line, expected) => {
    const before = await positionOf(ledger(), sku, DC);
    const dueBefore = await dueCount();
    const answer: HoldAnswer = await holdCart(t.url, storefront, { channel: 'DTC', lines: [line(sku)], idempotencyKey: `bad-${expected.code}-${Date.now()}` });
    expect(answer.reservations).toEqual([]);
    expect(answer.userErrors).toEqual([expect.objectContaining(expected)]);
    expect(await positionOf(ledger(), sku, DC)).toEqual(before);
    expect(await dueCount()).toBe(dueBefore);
    expect(await allReservations(redis, prefix, sku)).toEqual([]);
  });

  it('every bad line of one request is reported at once, with a good line beside them held neither', async () => {
    const before = await positionOf(ledger(), sku, DC);
    const answer = await holdCart(t.url, storefront, {
      channel: 'DTC',
      lines: [{ sku, locationId: DC, quantity: 1 }, ...cases.map(([, line]) => line(sku))],
    });
    expect(answer.reservations).toEqual([]);
    expect(answer.userErrors.map((e) => [e.code, e.field])).toEqual(cases.map(([, , e], i) => [e.code, ['lines', String(i + 1), e.field[2]]]));
    expect(await positionOf(ledger(), sku, DC)).toEqual(before);
  });

  it('ttlSeconds 0 and an over-long idempotency key are refused with their field', async () => {
    const before = await positionOf(ledger(), sku, DC);
    const answer = await holdCart(t.url, storefront, { channel: 'DTC', lines: [{ sku, locationId: DC, quantity: 1 }], ttlSeconds: 0, idempotencyKey: 'k'.repeat(200) });
    expect(answer.userErrors.map((e) => e.field)).toEqual([['ttlSeconds'], ['idempotencyKey']]);
    expect(await positionOf(ledger(), sku, DC)).toEqual(before);
  });
});
