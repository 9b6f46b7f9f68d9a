/**
 * The gateway's answers under a busy shop, whatever it caches: stock changes at 50 a second on
 * SKUs drawn by Zipf popularity, while 1,000 random availability questions (product and category
 * pages, near many points or none, any radius, channel and caller the contract allows) run
 * through the gateway with its defaults (the position cache, its fast path), through one with the
 * whole-answer cache alone, and through one with every stock cache off (single-fetch queries
 * passed through to the subgraph). Each answer is compared with the unification
 * subgraph's own answer to the same question, for the same caller, read from the ledger past its
 * position cache. Each question waits until the change events of the changes already made to its
 * SKUs are out, and no new change is made to them until its answers are in (changes go on
 * elsewhere, and on these SKUs between questions): then the answers must be equal, so a figure
 * from before a change event is never served once the event is out.
 */
import { IDENTITY_HEADER, READ_THROUGH_HEADER, signIdentity, type Identity } from '@stockgraph/shared/auth';
import { anonymousIdentity, createApiKeyAuthenticator, createGatewayServer, type GatewayServer } from '@stockgraph/gateway';
import { RealisticTraffic } from '../../bench/lib/realisticTraffic';
import { seededRandom } from '../../bench/lib/seededRandom';
import { supergraphSdl } from '../../scripts/stack';
import { contractOperation } from '../support/contract';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';

const PRODUCT_AVAILABILITY = contractOperation('storefront.graphql', 'ProductAvailability');
const PARTNER_STOCK = contractOperation('partner.graphql', 'PartnerStock');
const SECRET = 'cache-correctness-signing-secret-0123456789abcdef';
const QUESTIONS = 1000;
const CHANGES_PER_S = 50;
const CONCURRENCY = 8;
const SETTLE_TIMEOUT_MS = 10_000;

let t: TestStack;
let passThrough: GatewayServer;
let wholeAnswers: GatewayServer;

beforeAll(async () => {
  t = await startTestStack('cache-correctness', 'redis', { ...QUIET_OMS, signingSecret: SECRET });
  passThrough = await createGatewayServer({
    supergraphSdl: supergraphSdl(),
    subgraphUrls: Object.fromEntries(Object.entries(t.stack.subgraphs).map(([n, s]) => [n, s.url])),
    config: { auth: t.stack.gateway.config.auth, rateLimit: { enabled: false }, responseCache: { enabled: false }, positionCache: { enabled: false }, passthroughEnabled: true },
  });
  wholeAnswers = await createGatewayServer({
    supergraphSdl: supergraphSdl(),
    subgraphUrls: Object.fromEntries(Object.entries(t.stack.subgraphs).map(([n, s]) => [n, s.url])),
    config: { auth: t.stack.gateway.config.auth, rateLimit: { enabled: false }, responseCache: { enabled: true }, positionCache: { enabled: false } },
    stores: t.stack.platform.stores,
  });
}, 120_000);
afterAll(async () => {
  await passThrough?.close();
  await wholeAnswers?.close();
  await t?.close();
});

interface Question { query: string; variables: Record<string, unknown>; apiKey: string | null; skus: string[] }

async function postJson(url: string, body: object, headers: Record<string, string>): Promise<{ status: number; cache: string | null; positions: boolean; passedTo: string | null; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, cache: res.headers.get('x-cache'), positions: res.headers.get('x-position-cache') === 'HIT', passedTo: res.headers.get('x-passthrough'), json: JSON.parse(await res.text()) };
}

it('answers every question as the unification subgraph does, and never with a figure from before a change event that is out', async () => {
  const registry = t.stack.platform.registry;
  const ledger = t.stack.platform.stores.ledger;
  const stores = registry.allLocations().filter((l) => l.type === 'STORE');
  const places = registry.allLocations().map((l) => l.id);
  const traffic = new RealisticTraffic({ skuIds: registry.skuIds(), stores, barcode: () => undefined }, { seed: 7, zipfS: 1.0, shopperPoints: 8 });
  const rand = seededRandom(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  // the callers the contract has, each with the channels it may ask for, and the identity the gateway signs for it
  const auth = t.stack.gateway.config.auth;
  const byKey = createApiKeyAuthenticator(auth);
  const callers: { apiKey: string | null; channels: string[]; identity: Identity }[] = [
    { apiKey: null, channels: ['DTC'], identity: anonymousIdentity(auth) },
    { apiKey: demoKey('storefront'), channels: ['DTC'], identity: byKey(demoKey('storefront'))! },
    { apiKey: demoKey('acme-marketplace'), channels: ['MARKETPLACE'], identity: byKey(demoKey('acme-marketplace'))! },
    { apiKey: demoKey('order-management'), channels: ['DTC', 'RETAIL', 'MARKETPLACE'], identity: byKey(demoKey('order-management'))! },
  ];
  const identities = new Map(callers.map((c) => [c.apiKey, c.identity]));
  const products = traffic.askStream('product', 1);
  const categories = traffic.askStream('category', 2);
  const questions: Question[] = Array.from({ length: QUESTIONS }, () => {
    const caller = pick(callers);
    const page = rand() < 0.8 ? products() : { ...categories(), skus: categories().skus.slice(0, 5) };
    const channel = pick(caller.channels);
    if (caller.apiKey === demoKey('acme-marketplace')) {
      return { query: PARTNER_STOCK, variables: { skus: page.skus, channel }, apiKey: caller.apiKey, skus: page.skus };
    }
    const near = rand() < 0.2 ? null : page.near;
    return { query: PRODUCT_AVAILABILITY, variables: { skus: page.skus, channel, near, radiusKm: pick([25, 200]) }, apiKey: caller.apiKey, skus: page.skus };
  });

  // stock changes by the same popularity, each one new (+1 on hand somewhere): started and observed per SKU
  const started = new Map<string, number>();
  const locked = new Map<string, number>();
  const observed = new Map<string, number>();
  const stopWatching = ledger.onChange((keys) => {
    for (const k of keys) observed.set(k.sku, (observed.get(k.sku) ?? 0) + 1);
  });
  await ledger.changesReady?.();
  const changed = traffic.skuStream(3);
  let changes = 0;
  const writes: Promise<unknown>[] = [];
  const churnFrom = Date.now();
  const churn = setInterval(() => {
    // as many as are due by now: a late timer on a busy machine does not lower the rate
    while (changes < ((Date.now() - churnFrom) / 1000) * CHANGES_PER_S) {
      let sku = changed();
      for (let n = 0; n < 100 && locked.get(sku); n++) sku = changed();
      if (locked.get(sku)) break;
      started.set(sku, (started.get(sku) ?? 0) + 1);
      const applied = ledger.applyMovement({ sku, locationId: pick(places), reason: 'ADJUSTMENT', delta: 1, source: 'LEDGER', sourceEventId: `correctness-${changes++}`, at: Date.now() });
      // a movement the ledger did not apply announces nothing
      writes.push(applied.then((r) => {
        if (r.outcome !== 'APPLIED') started.set(sku, started.get(sku)! - 1);
      }));
    }
  }, 20);

  const settled = (skus: string[]) => skus.every((s) => (started.get(s) ?? 0) === (observed.get(s) ?? 0));
  const unification = t.stack.subgraphs.unification.url;
  const gateways = [t.url, passThrough.url, wholeAnswers.url];
  const mismatches: string[] = [];
  let waits = 0;
  let hits = 0;
  let fromPositions = 0;
  let passed = 0;
  let checked = 0;

  // while a question is checked, no new change is made to its SKUs (changes go on elsewhere); the
  // changes already made to them must have their events out before it is asked
  const check = async (q: Question) => {
    for (const sku of q.skus) locked.set(sku, (locked.get(sku) ?? 0) + 1);
    try {
      const until = Date.now() + SETTLE_TIMEOUT_MS;
      while (!settled(q.skus)) {
        if (Date.now() > until) throw new Error(`a change event never came out for ${q.skus.join(',')}`);
        waits++;
        await new Promise((r) => setTimeout(r, 5));
      }
      const body = { query: q.query, variables: q.variables };
      const ask = (url: string) => postJson(url, body, q.apiKey ? { 'x-api-key': q.apiKey } : {});
      const [truth, ...answers] = await Promise.all([
        postJson(unification, body, { [IDENTITY_HEADER]: signIdentity(identities.get(q.apiKey)!, SECRET, Date.now()), [READ_THROUGH_HEADER]: q.skus.join(',') }),
        ...gateways.map(ask),
      ]);
      // the same question again at once: what a gateway that keeps answers answers from what it kept
      answers.push(await ask(gateways[0]!), await ask(gateways[2]!));
      expect(truth!.json.errors).toBeUndefined();
      checked++;
      for (const a of answers) if (a.cache === 'HIT') hits++;
      for (const a of answers) if (a.positions) fromPositions++;
      if (answers[1]!.passedTo === 'unification') passed++;
      for (const [i, a] of answers.entries()) {
        if (JSON.stringify(a.json) !== JSON.stringify(truth!.json)) {
          mismatches.push(`${gateways[i] ?? (i === 3 ? gateways[0] : gateways[2])} ${JSON.stringify(body)} (${a.cache}):\n  gateway  ${JSON.stringify(a.json)}\n  subgraph ${JSON.stringify(truth!.json)}`);
        }
      }
    } finally {
      for (const sku of q.skus) locked.set(sku, locked.get(sku)! - 1);
    }
  };

  const t0 = Date.now();
  try {
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < questions.length) await check(questions[next++]!);
    }));
  } finally {
    clearInterval(churn);
    await Promise.all(writes);
    stopWatching();
  }
  const seconds = (Date.now() - t0) / 1000;
  console.log(`${checked} questions checked on ${gateways.length} gateways in ${seconds.toFixed(1)} s, ${changes} stock changes (${(changes / seconds).toFixed(0)}/s), ${waits} waits of 5 ms for change events, ${fromPositions} answers from the position cache, ${hits} whole-answer cache hits, ${passed} passed through`);
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(checked).toBe(QUESTIONS);
  expect(changes / seconds).toBeGreaterThan(CHANGES_PER_S * 0.9);
  // every cached path was exercised: the position cache on every question the default gateway
  // answered (twice each), whole answers where popular questions come back while their SKUs stay put
  expect(fromPositions).toBeGreaterThan(QUESTIONS);
  expect(hits).toBeGreaterThan(0);
  // and so was the pass-through, on the gateway whose stock cache is off
  expect(passed).toBeGreaterThan(QUESTIONS / 2);
}, 600_000);
