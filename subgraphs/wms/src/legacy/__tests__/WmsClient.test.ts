import nock from 'nock';
import { WmsClient, type WmsClientOptions } from '../WmsClient';
import { failure, takeUnusedMocks, useNock } from '@stockgraph/shared/testing';

const BASE = 'http://wms.internal.example:4302';
const LEAK = '<Error>WMS host 10.1.2.3 stack at Oracle.query</Error>';

const client = (o: Partial<WmsClientOptions> = {}) => new WmsClient({ baseUrl: BASE, timeoutMs: 500, retries: 1, backoffMs: 1, ...o });

const article = (no: string, host: string, pack: number) =>
  `<Article><ArticleNo>${no}</ArticleNo><HostRef>${host}</HostRef><Descr>Shirt &amp; tie</Descr><PackSize>${pack}</PackSize></Article>`;

useNock();

describe('WmsClient', () => {
  it('follows article pages, reads a lone <Article> as a list and keeps leading zeros', async () => {
    const scope = nock(BASE)
      .get('/wms/articles').query({ page: '1' })
      .reply(200, `<?xml version="1.0"?><ArticleList page="1" pages="2">${article('WA100001', '000000000010000001', 12)}${article('WA100002', '', 6)}</ArticleList>`)
      .get('/wms/articles').query({ page: '2' })
      .reply(200, `<ArticleList page="2" pages="2">${article('WA100003', '000000000010000003', 24)}</ArticleList>`);
    expect(await client().listArticles()).toEqual([
      { articleNo: 'WA100001', hostRef: '000000000010000001', description: 'Shirt & tie', packSize: 12 },
      { articleNo: 'WA100002', hostRef: null, description: 'Shirt & tie', packSize: 6 },
      { articleNo: 'WA100003', hostRef: '000000000010000003', description: 'Shirt & tie', packSize: 24 },
    ]);
    scope.done();
  });

  it('maps sites to host plants, one site or several', async () => {
    const scope = nock(BASE)
      .get('/wms/sites').reply(200, '<Sites><Site><SiteId>DC1</SiteId><HostPlant>D001</HostPlant><Name>Daventry</Name></Site></Sites>')
      .get('/wms/sites').reply(200, '<Sites></Sites>');
    expect(await client().listSites()).toEqual([{ site: 'DC1', plant: 'D001', name: 'Daventry' }]);
    expect(await client().listSites()).toEqual([]);
    scope.done();
  });

  it('reports stock in eaches: cases × pack size + eaches', async () => {
    const scope = nock(BASE).get('/wms/stock').query({ site: 'DC1' }).reply(
      200,
      '<StockReport site="DC1" generated="2026-11-26T02:00:00Z"><Line><ArticleNo>WA100001</ArticleNo><Cases>12</Cases><Eaches>5</Eaches><PackSize>12</PackSize></Line></StockReport>',
    );
    expect(await client().stockReport('DC1')).toEqual({
      site: 'DC1',
      at: Date.UTC(2026, 10, 26, 2),
      cursor: null,
      lines: [{ articleNo: 'WA100001', onHand: 149, packSize: 12 }],
    });
    scope.done();
  });

  it('reads the delta seq a stock report already holds', async () => {
    const scope = nock(BASE).get('/wms/stock').query({ site: 'DC2' }).reply(
      200,
      '<StockReport site="DC2" generated="2026-11-26T02:00:00Z" cursor="1234"></StockReport>',
    );
    expect(await client().stockReport('DC2')).toMatchObject({ site: 'DC2', cursor: 1234, lines: [] });
    scope.done();
  });

  it('refuses a stock line whose cases are not a number', async () => {
    const scope = nock(BASE).get('/wms/stock').query(true).reply(
      200,
      '<StockReport site="DC1" generated="2026-11-26T02:00:00Z"><Line><ArticleNo>WA1</ArticleNo><Cases>twelve</Cases><Eaches>5</Eaches><PackSize>12</PackSize></Line></StockReport>',
    );
    const err = await failure(client().stockReport('DC1'));
    expect(err.kind).toBe('format');
    expect(err.message).toContain('Cases');
    scope.done();
  });

  it('converts inbound cases with the article master pack sizes, loaded once', async () => {
    const scope = nock(BASE)
      .get('/wms/inbound').query({ site: 'DC1' })
      .times(2)
      .reply(200, '<InboundList><Inbound><AsnNo>ASN0001</AsnNo><Site>DC1</Site><Expected>2026-12-01</Expected><Line><ArticleNo>WA100001</ArticleNo><Cases>4</Cases><Eaches>3</Eaches></Line></Inbound></InboundList>')
      .get('/wms/articles').query({ page: '1' })
      .reply(200, `<ArticleList page="1" pages="1">${article('WA100001', '000000000010000001', 12)}</ArticleList>`);
    const wms = client();
    const expected = [{ asnNo: 'ASN0001', site: 'DC1', expectedAt: Date.UTC(2026, 11, 1), lines: [{ articleNo: 'WA100001', quantity: 51 }] }];
    expect(await wms.listInbound('DC1')).toEqual(expected);
    expect(await wms.listInbound('DC1')).toEqual(expected);
    scope.done();
  });

  it('reads the delta feed as signed eaches and absolute counts, with cursor', async () => {
    const delta = (seq: number, type: string, body: string) =>
      `<Delta seq="${seq}" site="DC1" type="${type}" ts="2026-11-26T10:01:02Z"><ArticleNo>WA100001</ArticleNo>${body}</Delta>`;
    const feed =
      '<DeltaFeed cursor="1204" more="true">' +
      delta(1201, 'PICK', '<Cases>0</Cases><Eaches>3</Eaches><Dir>-</Dir><Ref>PICK-88</Ref>') +
      delta(1202, 'RECEIPT', '<Cases>2</Cases><Eaches>1</Eaches><Dir>+</Dir><Ref>ASN0001</Ref>') +
      delta(1203, 'TRANSFER_OUT', '<Cases>1</Cases><Eaches>0</Eaches><Dir>-</Dir><Ref>T-1</Ref>') +
      delta(1204, 'COUNT', '<Counted>40</Counted><Ref>DISC-1</Ref>') +
      '</DeltaFeed>';
    const scope = nock(BASE)
      .get('/wms/deltas').query({ since: '1200', limit: '4' }).reply(200, feed)
      .get('/wms/articles').query({ page: '1' }).reply(200, `<ArticleList page="1" pages="1">${article('WA100001', '000000000010000001', 12)}</ArticleList>`);
    const at = Date.UTC(2026, 10, 26, 10, 1, 2);
    expect(await client().readDeltas(1200, 4)).toEqual({
      cursor: 1204,
      more: true,
      rejected: [],
      deltas: [
        { seq: 1201, site: 'DC1', type: 'PICK', articleNo: 'WA100001', quantity: -3, ref: 'PICK-88', at },
        { seq: 1202, site: 'DC1', type: 'RECEIPT', articleNo: 'WA100001', quantity: 25, ref: 'ASN0001', at },
        { seq: 1203, site: 'DC1', type: 'TRANSFER_OUT', articleNo: 'WA100001', quantity: -12, ref: 'T-1', at },
        { seq: 1204, site: 'DC1', type: 'COUNT', articleNo: 'WA100001', counted: 40, ref: 'DISC-1', at },
      ],
    });
    scope.done();
  });

  it('rejects a delta in cases of an article no master knows, but moves the cursor past it', async () => {
    const scope = nock(BASE)
      .get('/wms/deltas').query({ since: '0', limit: '500' })
      .reply(200, '<DeltaFeed cursor="7" more="false"><Delta seq="7" site="DC1" type="ADJUST" ts="2026-11-26T10:01:02Z"><ArticleNo>WA999999</ArticleNo><Cases>1</Cases><Eaches>0</Eaches><Dir>+</Dir></Delta></DeltaFeed>')
      .get('/wms/articles').query({ page: '1' })
      .reply(200, '<ArticleList page="1" pages="1"></ArticleList>');
    expect(await client().readDeltas(0)).toEqual({ deltas: [], cursor: 7, more: false, rejected: [{ seq: 7, articleNo: 'WA999999', reason: 'unknown_pack_size' }] });
    scope.done();
  });

  it('refuses XML with a document type declaration and XML that is not well formed', async () => {
    const scope = nock(BASE)
      .get('/wms/sites').reply(200, '<!DOCTYPE x [<!ENTITY e "boom">]><Sites><Site><SiteId>&e;</SiteId></Site></Sites>')
      .get('/wms/sites').reply(200, '<Sites><Site></Sites>');
    expect((await failure(client().listSites())).kind).toBe('format');
    expect((await failure(client().listSites())).kind).toBe('format');
    scope.done();
  });

  it('requests a cycle count with escaped XML and does not retry the POST', async () => {
    const body = '<CountRequest><Site>DC1</Site><ArticleNo>WA100001</ArticleNo><Ref>DISC-1&amp;&lt;x&gt;</Ref></CountRequest>';
    const scope = nock(BASE).post('/wms/cycle-counts', body).reply(202, '<CountAccepted><Id>CC0001</Id></CountAccepted>');
    await expect(client().requestCycleCount('DC1', 'WA100001', 'DISC-1&<x>')).resolves.toEqual({ id: 'CC0001' });
    scope.done();

    nock(BASE).post('/wms/cycle-counts').reply(500, LEAK).post('/wms/cycle-counts').reply(202, '<CountAccepted><Id>CC0002</Id></CountAccepted>');
    const err = await failure(client({ retries: 3 }).requestCycleCount('DC1', 'WA100001', 'DISC-2'));
    expect(err).toMatchObject({ kind: 'status', status: 500 });
    for (const leak of ['wms.internal', '10.1.2.3', 'Oracle']) expect(err.message).not.toContain(leak);
    expect(takeUnusedMocks()).toEqual([`POST ${BASE}/wms/cycle-counts`]);
  });

  it('books a transfer move in cases of the pack size plus eaches, with an idempotency key so a failed POST is retried', async () => {
    const body = '<TransferMove><Type>SHIP</Type><TransferNo>TR-1</TransferNo><Site>DC1</Site><OtherPlant>S001</OtherPlant>'
      + '<Line><ArticleNo>WA100001</ArticleNo><Cases>2</Cases><Eaches>3</Eaches></Line></TransferMove>';
    const scope = nock(BASE)
      .get('/wms/articles').query({ page: '1' }).reply(200, `<ArticleList page="1" pages="1">${article('WA100001', '000000000010000001', 12)}</ArticleList>`)
      .post('/wms/transfers', body).matchHeader('idempotency-key', 'TR-1:SHIP:DC1').reply(503, LEAK)
      .post('/wms/transfers', body).matchHeader('idempotency-key', 'TR-1:SHIP:DC1').reply(201, '<TransferAccepted><Id>TM00001</Id></TransferAccepted>');
    const wms = client();
    await expect(wms.postTransferMove({ type: 'SHIP', transferNo: 'TR-1', site: 'DC1', otherPlant: 'S001', lines: [{ articleNo: 'WA100001', quantity: 27 }] }))
      .resolves.toEqual({ id: 'TM00001' });
    scope.done();
    nock(BASE).post('/wms/transfers').reply(409, '<Error><Code>negative_stock</Code><Message>only 2 on hand</Message></Error>');
    const err = await failure(wms.postTransferMove({ type: 'SHIP', transferNo: 'TR-2', site: 'DC1', otherPlant: 'S001', lines: [{ articleNo: 'WA100001', quantity: 1 }] }));
    expect(err).toMatchObject({ kind: 'status', status: 409, retryable: false });
  });

  it('retries a failing GET and then succeeds', async () => {
    const scope = nock(BASE).get('/wms/sites').reply(500, LEAK).get('/wms/sites').reply(200, '<Sites/>');
    expect(await client().listSites()).toEqual([]);
    scope.done();
  });

  it('times out a slow answer', async () => {
    const scope = nock(BASE).get('/wms/sites').delay(1000).reply(200, '<Sites/>');
    expect((await failure(client({ timeoutMs: 30, retries: 0 }).listSites())).kind).toBe('timeout');
    scope.done();
  });

  it('opens the breaker after consecutive failures', async () => {
    const wms = client({ retries: 0, breaker: { kind: 'consecutive', threshold: 2 } });
    const scope = nock(BASE).get('/wms/sites').times(2).reply(500, LEAK);
    await failure(wms.listSites());
    await failure(wms.listSites());
    scope.done();
    nock(BASE).get('/wms/sites').reply(200, '<Sites/>');
    expect((await failure(wms.listSites())).kind).toBe('unavailable');
    // the request the open breaker kept from going out
    expect(takeUnusedMocks()).toEqual([`GET ${BASE}/wms/sites`]);
    expect(wms.health()).toBe('down');
  });
});
