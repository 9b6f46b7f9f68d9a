import type { Fetcher } from '@apollo/utils.fetcher';
import { FIXTURE_SECRET, startFixtureGateway, type FixtureGateway } from '../../__tests__/fixtures/startFixtureGateway';
import { startFixtureSubgraph, type FixtureSubgraph } from '../../__tests__/fixtures/fixtureSubgraph';
import { post } from '../../__tests__/fixtures/http';
import { SubgraphReplicas } from '../SubgraphReplicas';

const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('SubgraphReplicas', () => {
  it('sends each call to the next replica in turn', async () => {
    const seen: string[] = [];
    const fetcher = new SubgraphReplicas('http://a/graphql, http://b/graphql,http://c/graphql').fetcher((async (url: string) => {
      seen.push(url);
      return { ok: true };
    }) as unknown as Fetcher);
    for (let i = 0; i < 4; i++) await fetcher('http://a/graphql', {});
    expect(seen).toEqual(['http://a/graphql', 'http://b/graphql', 'http://c/graphql', 'http://a/graphql']);
  });

  it('hands a refused connection to the next replica, and nothing else: a call that may have been sent is never sent twice', async () => {
    const seen: string[] = [];
    const fetcher = new SubgraphReplicas('http://down/graphql,http://up/graphql').fetcher((async (url: string) => {
      seen.push(url);
      if (url.includes('down')) throw refused();
      if (url.includes('slow')) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      return { ok: true };
    }) as unknown as Fetcher);
    await fetcher('x', {});
    expect(seen).toEqual(['http://down/graphql', 'http://up/graphql']);

    const timeouts = new SubgraphReplicas('http://slow/graphql,http://up/graphql').fetcher((async (url: string) => {
      seen.push(url);
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    }) as unknown as Fetcher);
    seen.length = 0;
    await expect(timeouts('x', {})).rejects.toThrow('aborted');
    expect(seen).toEqual(['http://slow/graphql']);
  });

  it('fails when every replica refuses', async () => {
    const fetcher = new SubgraphReplicas('http://a/graphql,http://b/graphql').fetcher((async () => {
      throw refused();
    }) as unknown as Fetcher);
    await expect(fetcher('x', {})).rejects.toThrow('ECONNREFUSED');
  });
});

describe('a gateway over two replicas of a subgraph', () => {
  let fx: FixtureGateway;
  let second: FixtureSubgraph;
  beforeAll(async () => {
    fx = await startFixtureGateway();
    second = await startFixtureSubgraph('catalog', fx.catalog.typeDefs, fx.catalog.resolvers, FIXTURE_SECRET);
  });
  afterAll(async () => {
    await second?.close();
    await fx?.close();
  });

  it('shares the calls between them, and serves every request with one replica down', async () => {
    const gw = await fx.startGateway({ subgraphUrls: { catalog: `${fx.catalog.url},${second.url}`, orders: fx.orders.url } });
    const [a, b] = [fx.catalog.calls, second.calls];
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(gw.url, { query: '{ product(id: "1") { name } }' })));
    expect(answers.map((x) => x.json?.data?.product?.name)).toEqual(Array(10).fill('Product 1'));
    expect([fx.catalog.calls - a, second.calls - b]).toEqual([5, 5]);

    const gone = await fx.startGateway({ subgraphUrls: { catalog: `http://127.0.0.1:1/graphql,${second.url}`, orders: fx.orders.url } });
    const more = await Promise.all(Array.from({ length: 6 }, () => post(gone.url, { query: '{ product(id: "2") { name } }' })));
    expect(more.map((x) => x.json?.data?.product?.name)).toEqual(Array(6).fill('Product 2'));
  });
});
