/**
 * The gateway's answers under a busy shop, whatever it caches: stock changes at 50 a second on
 * SKUs drawn by Zipf popularity, while 1,000 random availability questions (product and category
 * pages, near many points or none, any radius, channel and caller the contract allows) run
 * through the gateway with its defaults, and through one with its stock cache off (single-fetch
 * queries passed through to the subgraph). Each answer is compared with the unification
 * subgraph's own answer to the same question, for the same caller, read from the ledger past its
 * position cache. When no change to the question's SKUs was in flight around it (its change
 * event was out before the question was asked, and none began until the answers were in), the
 * answers must be equal: so a figure from before a change event is never served once the event
 * is out. A question whose answers differ while a change raced it is asked again.
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
const MAX_TRIES = 300;

let t: TestStack;
let passThrough: GatewayServer;

beforeAll(async () => {
  t = await startTestStack('cache-correctness', 'redis', { ...QUIET_OMS, signingSecret: SECRET });
  passThrough = await createGatewayServer({
    supergraphSdl: supergraphSdl(),
    subgraphUrls: Object.fromEntries(Object.entries(t.stack.subgraphs).map(([n, s]) => [n, s.url])),
    config: { auth: t.stack.gateway.config.auth, rateLimit: { enabled: false }, responseCache: { enabled: false }, passthroughEnabled: true },
  });
}, 120_000);
afterAll(async () => {
  await passThrough?.close();
  await t?.close();
});

interface Question { query: string; variables: Record<string, unknown>; apiKey: string | null; skus: string[] }

async function postJson(url: string, body: object, headers: Record<string, string>): Promise<{ status: number; cache: string | null; passedTo: string | null; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, cache: res.headers.get('x-cache'), passedTo: res.headers.get('x-passthrough'), json: JSON.parse(await res.text()) };
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
      const sku = changed();
      started.set(sku, (started.get(sku) ?? 0) + 1);
      const applied = ledger.applyMovement({ sku, locationId: pick(places), reason: 'ADJUSTMENT', delta: 1, source: 'LEDGER', sourceEventId: `correctness-${changes++}`, at: Date.now() });
      // a movement the ledger did not apply announces nothing
      writes.push(applied.then((r) => {
        if (r.outcome !== 'APPLIED') started.set(sku, started.get(sku)! - 1);
      }));
    }
  }, 20);

  const settled = (skus: string[]) => skus.every((s) => (started.get(s) ?? 0) === (observed.get(s) ?? 0));
  const startedCounts = (skus: string[]) => skus.map((s) => started.get(s) ?? 0).join(',');
  const unification = t.stack.subgraphs.unification.url;
  const gateways = [t.url, passThrough.url];
  const mismatches: string[] = [];
  let raced = 0;
  let hits = 0;
  let passed = 0;
  let checked = 0;

  const check = async (q: Question) => {
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      if (!settled(q.skus)) {
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      const before = startedCounts(q.skus);
      const body = { query: q.query, variables: q.variables };
      const ask = (url: string) => postJson(url, body, q.apiKey ? { 'x-api-key': q.apiKey } : {});
      const [truth, ...answers] = await Promise.all([
        postJson(unification, body, { [IDENTITY_HEADER]: signIdentity(identities.get(q.apiKey)!, SECRET, Date.now()), [READ_THROUGH_HEADER]: q.skus.join(',') }),
        ...gateways.map(ask),
      ]);
      // the same question again at once: what a gateway that keeps answers answers from what it kept
      answers.push(await ask(gateways[0]!));
      expect(truth!.json.errors).toBeUndefined();
      const differ = answers.map((a, i) => (JSON.stringify(a.json) === JSON.stringify(truth!.json) ? null : i)).filter((i): i is number => i !== null);
      // a difference counts only when no change to these SKUs was in flight from before the question to the answers
      if (differ.length > 0 && (startedCounts(q.skus) !== before || !settled(q.skus))) {
        raced++;
        continue;
      }
      checked++;
      for (const a of answers) if (a.cache === 'HIT') hits++;
      if (answers[1]!.passedTo === 'unification') passed++;
      for (const i of differ) {
        mismatches.push(`${gateways[i] ?? gateways[0]} ${JSON.stringify(body)} (${answers[i]!.cache}):\n  gateway  ${JSON.stringify(answers[i]!.json)}\n  subgraph ${JSON.stringify(truth!.json)}`);
      }
      return;
    }
    throw new Error(`question raced a change ${MAX_TRIES} times: ${JSON.stringify(q.variables)}`);
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
  console.log(`${checked} questions checked on ${gateways.length} gateways in ${seconds.toFixed(1)} s, ${changes} stock changes (${(changes / seconds).toFixed(0)}/s), ${raced} asked again after a race, ${hits} answers were stock cache hits, ${passed} passed through`);
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(checked).toBe(QUESTIONS);
  expect(changes / seconds).toBeGreaterThan(CHANGES_PER_S * 0.9);
  // the cached path was exercised: popular questions come back while their SKUs stay put
  expect(hits).toBeGreaterThan(0);
  // and so was the pass-through, on the gateway whose stock cache is off
  expect(passed).toBeGreaterThan(QUESTIONS / 2);
}, 600_000);
