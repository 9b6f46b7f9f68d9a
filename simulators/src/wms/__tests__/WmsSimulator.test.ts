import { XMLParser } from 'fast-xml-parser';
import { waitFor } from '@stockgraph/shared/testing';
import { expectFaultSwitch } from '../../common/__tests__/expectFaultSwitch';
import { generateWorld } from '../../generator/generateWorld';
import { WmsSimulator } from '../WmsSimulator';

const world = generateWorld({});
const wms = new WmsSimulator(world);
const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false,
  isArray: (name) => ['Article', 'Site', 'Line', 'Inbound', 'Delta'].includes(name),
});
let url = '';

beforeAll(async () => {
  url = (await wms.start()).url;
});
afterAll(() => wms.close());
beforeEach(() => wms.reset());

async function getXml(path: string): Promise<{ status: number; doc: any; type: string | null }> {
  const res = await fetch(url + path);
  return { status: res.status, type: res.headers.get('content-type'), doc: parser.parse(await res.text()) };
}

async function postDelta(body: object): Promise<Response> {
  return fetch(`${url}/admin/deltas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Polls the feed until a COUNT delta shows up (the count is answered asynchronously). */
async function waitForCount(since: number): Promise<any> {
  return waitFor(
    async () => ((await getXml(`/wms/deltas?since=${since}`)).doc.DeltaFeed.Delta ?? []).find((d: { type: string }) => d.type === 'COUNT'),
    (count) => count !== undefined, { what: 'a COUNT delta' },
  );
}

describe('WMS simulator', () => {
  it('pages articles, 200 a page, including the unmapped ones', async () => {
    const total = world.items.length + world.unmapped.filter((u) => u.system === 'WMS').length;
    const first = await getXml('/wms/articles?page=1');
    expect(first.type).toMatch(/application\/xml/);
    expect(first.doc.ArticleList.page).toBe('1');
    expect(first.doc.ArticleList.pages).toBe(String(Math.ceil(total / 200)));
    expect(first.doc.ArticleList.Article).toHaveLength(200);
    const item = world.items[0]!;
    expect(first.doc.ArticleList.Article[0]).toEqual({ ArticleNo: item.wmsArticle, HostRef: item.matnr, Descr: item.description, PackSize: String(item.packSize) });
    const second = await getXml('/wms/articles?page=2');
    const stray = world.unmapped.find((u) => u.system === 'WMS')!;
    expect(second.doc.ArticleList.Article.find((a: { ArticleNo: string }) => a.ArticleNo === stray.code).HostRef).toBe(stray.hostRef);
    expect((await getXml('/wms/articles?page=x')).status).toBe(400);
  });

  it('escapes text that needs it', async () => {
    const tricky = world.items.find((i) => /[&"<]/.test(i.description));
    const all = [...(await getXml('/wms/articles?page=1')).doc.ArticleList.Article, ...(await getXml('/wms/articles?page=2')).doc.ArticleList.Article];
    expect(tricky).toBeDefined();
    if (tricky) expect(all.find((a: { ArticleNo: string }) => a.ArticleNo === tricky.wmsArticle).Descr).toBe(tricky.description);
    expect(all.map((a: { Descr: string }) => a.Descr)).toEqual([...world.items.map((i) => i.description), ...world.unmapped.filter((u) => u.system === 'WMS').map((u) => u.description)]);
  });

  it('lists sites and reports stock in cases and eaches equal to the world figure', async () => {
    const sites = await getXml('/wms/sites');
    expect(sites.doc.Sites.Site[0]).toEqual({ SiteId: 'DC1', HostPlant: 'D001', Name: 'Daventry DC' });
    const d = world.anomalies.disagreements[0]!;
    const siteId = world.locations.find((l) => l.plant === d.plant)!.wmsSite!;
    const { doc } = await getXml(`/wms/stock?site=${siteId}`);
    expect(doc.StockReport.site).toBe(siteId);
    expect(doc.StockReport.generated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const eaches = new Map<string, number>(doc.StockReport.Line.map((l: any) => [l.ArticleNo, Number(l.Cases) * Number(l.PackSize) + Number(l.Eaches)]));
    const qty = world.stock[d.plant]!;
    for (const item of world.items) expect(eaches.get(item.wmsArticle) ?? -1).toBe(qty[item.index]);
    expect(eaches.get(world.items.find((i) => i.matnr === d.matnr)!.wmsArticle)).toBe(d.wms);
    expect((await getXml('/wms/stock')).status).toBe(400);
    const unknown = await getXml('/wms/stock?site=DC99');
    expect(unknown.status).toBe(404);
    expect(unknown.doc.Error.Code).toBe('unknown_site');
  });

  it('announces open DC purchase orders as inbound ASNs', async () => {
    const { doc } = await getXml('/wms/inbound?site=DC1');
    const open = world.purchaseOrders.filter((p) => p.status === 'open' && p.plant === 'D001' && p.lines.some((l) => l.qty > l.received));
    expect(doc.InboundList.Inbound ?? []).toHaveLength(open.length);
    const asn = doc.InboundList.Inbound[0];
    const po = open.find((p) => p.ebeln === asn.PoRef)!;
    expect(asn.Expected).toBe(po.lines[0]!.expectedOn);
    const line = po.lines[0]!;
    const item = world.items.find((i) => i.matnr === line.matnr)!;
    expect(Number(asn.Line[0].Cases) * item.packSize + Number(asn.Line[0].Eaches)).toBe(line.qty - line.received);
  });

  it('feeds deltas in seq order with a cursor, and moves stock', async () => {
    const article = world.items[0]!;
    const before = world.stock['D001']![0]!;
    expect((await postDelta({ site: 'DC1', article: article.wmsArticle, type: 'RECEIPT', qty: article.packSize * 2 + 1 })).status).toBe(201);
    expect((await postDelta({ site: 'DC1', article: article.wmsArticle, type: 'PICK', qty: 3, ref: 'PICK-88' })).status).toBe(201);
    expect((await postDelta({ site: 'DC1', article: article.wmsArticle, type: 'ADJUST', qty: -1 })).status).toBe(201);

    const page1 = (await getXml('/wms/deltas?since=0&limit=2')).doc.DeltaFeed;
    expect(page1.more).toBe('true');
    expect(page1.Delta).toHaveLength(2);
    const [receipt, pick] = page1.Delta;
    expect(Number(pick.seq)).toBeGreaterThan(Number(receipt.seq));
    expect(page1.cursor).toBe(pick.seq);
    expect(receipt).toMatchObject({ site: 'DC1', type: 'RECEIPT', ArticleNo: article.wmsArticle, Cases: '2', Eaches: '1', Dir: '+' });
    expect(pick).toMatchObject({ type: 'PICK', Cases: '0', Eaches: '3', Dir: '-', Ref: 'PICK-88' });

    const page2 = (await getXml(`/wms/deltas?since=${page1.cursor}&limit=2`)).doc.DeltaFeed;
    expect(page2.more).toBe('false');
    expect(page2.Delta.map((d: { type: string }) => d.type)).toEqual(['ADJUST']);
    const empty = (await getXml(`/wms/deltas?since=${page2.cursor}`)).doc.DeltaFeed;
    expect(empty.Delta ?? []).toHaveLength(0);
    expect(empty.cursor).toBe(page2.cursor);

    const line = (await getXml('/wms/stock?site=DC1')).doc.StockReport.Line.find((l: any) => l.ArticleNo === article.wmsArticle);
    expect(Number(line.Cases) * article.packSize + Number(line.Eaches)).toBe(before + article.packSize * 2 + 1 - 3 - 1);
    expect((await postDelta({ site: 'DC1', article: article.wmsArticle, type: 'PICK', qty: 1_000_000 })).status).toBe(409);
    expect((await postDelta({ site: 'DC1', article: 'WA000000', type: 'PICK', qty: 1 })).status).toBe(422);
    expect((await getXml('/wms/deltas?since=-1')).status).toBe(400);
  });

  it('answers a cycle count with a COUNT delta carrying the true figure', async () => {
    const article = world.items[1]!;
    const cursor = (await getXml('/wms/deltas?since=0')).doc.DeltaFeed.cursor;
    const res = await fetch(`${url}/wms/cycle-counts`, {
      method: 'POST', headers: { 'content-type': 'application/xml' },
      body: `<CountRequest><Site>DC1</Site><ArticleNo>${article.wmsArticle}</ArticleNo><Ref>DISC-1</Ref></CountRequest>`,
    });
    expect(res.status).toBe(202);
    const accepted = parser.parse(await res.text());
    expect(accepted.CountAccepted.Id).toMatch(/^CC\d{4}$/);
    const count = await waitForCount(Number(cursor));
    expect(count).toMatchObject({ site: 'DC1', ArticleNo: article.wmsArticle, Counted: String(world.stock['D001']![1]), Ref: 'DISC-1', CountId: accepted.CountAccepted.Id });
  });

  it('refuses bad count requests and oversized bodies', async () => {
    const post = (body: string) => fetch(`${url}/wms/cycle-counts`, { method: 'POST', body });
    expect((await post('<CountRequest><Site>DC1</Site></CountRequest>')).status).toBe(400);
    expect((await post('not xml <<<')).status).toBe(400);
    expect((await post('<!DOCTYPE x [<!ENTITY a "b">]><CountRequest><Site>DC1</Site><ArticleNo>&a;</ArticleNo></CountRequest>')).status).toBe(400);
    expect((await post('<CountRequest><Site>DC9</Site><ArticleNo>WA100001</ArticleNo></CountRequest>')).status).toBe(422);
    const big = await post(`<CountRequest><Ref>${'x'.repeat(1_100_000)}</Ref></CountRequest>`);
    expect(big.status).toBe(413);
  });

  it('honours the fault switch', async () => {
    await expectFaultSwitch(wms, '/wms/sites');
  });
});
