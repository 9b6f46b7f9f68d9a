import type { Identity } from '@stockgraph/shared/auth';
import type { RequestState } from '../../GatewayContext';
import { ResponseCache } from '../ResponseCache';
import { plainRequest } from '../../http/vettedOperation';
import { WholeAnswers } from '../WholeAnswers';

const identity = { clientId: 'storefront', anonymous: false, scopes: [] } as unknown as Identity;
const state = (): RequestState => ({ operationName: null, operationType: null, errorCodes: new Set(), clientId: null });
const SCAN = { query: 'query ScanBarcode($code: String!) { skuByLocalCode(code: $code) { id } }', variables: { code: '1' } };
const AVAILABILITY = { query: 'query A($skus: [ID!]!) { availability(skus: $skus) { sku { id } } }', variables: { skus: ['SKU-1'] } };

describe('WholeAnswers', () => {
  const ask = async (w: WholeAnswers, body: object) => {
    const s = state();
    const answer = await w.lookup(identity, undefined, JSON.stringify(body), s, plainRequest(body));
    return { s, answer };
  };

  it('stops looking up an operation whose plan can never be kept, and only that one', async () => {
    const w = new WholeAnswers(new ResponseCache({ maxBytes: 1 << 20, ttlMs: 60_000 }));
    const first = await ask(w, SCAN);
    expect(first.s.cache?.text).toMatchObject({ query: SCAN.query, operationName: null });
    w.planned(first.s, null, 100, false);
    w.settle(first.s, undefined);

    // the same text with other variables: no key built, nothing noted, nothing to wait for
    const again = await ask(w, { ...SCAN, variables: { code: '2' } });
    expect(again.s.cache).toBeUndefined();
    expect(w.cache.snapshot()).toMatchObject({ unkeepable: 1, misses: 1 });

    // the same text naming its operation is another entry; an availability question is still looked up and kept
    expect((await ask(w, { ...SCAN, operationName: 'ScanBarcode' })).s.cache).toBeDefined();
    const a = await ask(w, AVAILABILITY);
    w.planned(a.s, ['SKU-1'], 100, true);
    a.s.cache!.clean = true;
    w.keep(a.s, 200, '{"data":{}}', () => undefined);
    w.settle(a.s, undefined);
    const b = await ask(w, AVAILABILITY);
    w.planned(b.s, ['SKU-1'], 100, true);
    b.s.cache!.clean = true;
    const kept = w.keep(b.s, 200, '{"data":{}}', () => undefined);
    w.settle(b.s, kept);
    expect((await ask(w, AVAILABILITY)).answer?.body).toBe('{"data":{}}');
  });

  it('remembers a bounded number of such texts, and none for a request that is not plain', async () => {
    const w = new WholeAnswers(new ResponseCache({ maxBytes: 1 << 20, ttlMs: 60_000 }), 2);
    for (let i = 0; i < 3; i++) {
      const body = { query: `query Q${i} { skuByLocalCode(code: "x") { id } }` };
      const r = await ask(w, body);
      w.planned(r.s, null, 100, false);
      w.settle(r.s, undefined);
    }
    expect((await ask(w, { query: 'query Q0 { skuByLocalCode(code: "x") { id } }' })).s.cache).toBeUndefined();
    expect((await ask(w, { query: 'query Q2 { skuByLocalCode(code: "x") { id } }' })).s.cache).toBeDefined();
    // a body that is not a plain request (APQ extensions, say) has no text to go by: looked up as ever
    const apq = { query: 'query Q0 { skuByLocalCode(code: "x") { id } }', extensions: {} };
    expect(plainRequest(apq)).toBeNull();
    expect((await ask(w, apq)).s.cache).toBeDefined();
  });
});
