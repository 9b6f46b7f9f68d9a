/// <reference lib="dom" />
/**
 * The console in a real browser: headless Debian Chromium (puppeteer-core) against the whole
 * stack in development mode, as `npm start` runs it. Each view loads and passes axe-core with no
 * serious or critical violation; a SKU search; routing an order shows its plan; a till sale moves
 * the figure on screen without a reload. Screenshots go to test-artifacts/console/ (and to
 * docs/console/ with UPDATE_SCREENSHOTS=1, for the README).
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import type { WorldItem, WorldLocation } from '@stockgraph/simulators';
import { artifactPath, axeViolations, launchChromium } from '../support/browser';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { expectedOnHand } from '../support/expected';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';
import { sampleQuery } from '../../scripts/sampleQuery';

const DIST = path.resolve(__dirname, '../../console/dist/index.html');
const DOCS = path.resolve(__dirname, '../../docs/console');

let t: TestStack;
let browser: Browser;
let page: Page;
let base: string;
let skuOf: Map<string, string>;
let shelf: { store: WorldLocation; item: WorldItem; onHand: number };

jest.setTimeout(90_000);

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error('the console is not built: run `npm run build:console` (npm install runs it)');
  browser = await launchChromium();
  t = await startTestStack('console-browser', 'memory', { ...QUIET_OMS, gateway: { mode: 'development' } });
  base = t.url.replace(/\/graphql$/, '');
  // as npm start does: the IDE opens with the example printed in the banner
  const sample = await sampleQuery(t.url, demoKey('storefront'));
  expect(sample.pickupStores).toBeGreaterThan(0);
  t.stack.gateway.setIdeExample({ query: sample.query, headers: { 'x-api-key': demoKey('storefront') } });
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
  const stores = t.world.locations.filter((l) => l.type === 'STORE');
  shelf = stores.flatMap((store) => t.world.items.flatMap((item) => ((expectedOnHand(t.world, store.plant, item) ?? 0) >= 5 ? [{ store, item, onHand: expectedOnHand(t.world, store.plant, item)! }] : [])))[0];
  page = await browser.newPage();
  await page.setViewport({ width: 1300, height: 900 });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function shot(name: string): Promise<void> {
  const file = artifactPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(file, path.join(DOCS, `${name}.png`));
  }
}

async function open(hash: string): Promise<void> {
  await page.goto(`${base}/console/#${hash}`, { waitUntil: 'domcontentloaded' });
  // a hash change alone does not reload: make each open a fresh page
  await page.reload({ waitUntil: 'domcontentloaded' });
}

const text = (selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

async function expectAccessible(view: string): Promise<void> {
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ view, serious }).toEqual({ view, serious: [] });
}

describe('the development landing page', () => {
  it('a browser opening the printed URL gets GraphiQL (bundled, offline) with a working example and a link to the console', async () => {
    const failedRequests: string[] = [];
    page.on('requestfailed', (r) => failedRequests.push(r.url()));
    const res = await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
    expect(res?.status()).toBe(200);
    await page.waitForSelector('.graphiql-container');
    await page.waitForSelector('a[href="/console/"]');
    // run the example with GraphiQL's own button
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('pickup'), { timeout: 15_000 });
    const result = await text('.result-window');
    expect(result).toMatch(/"availableToSell"/);
    expect(result).not.toMatch(/"pickup": \[\]/);
    await shot('ide');
    // nothing came from another origin
    expect(failedRequests.filter((u) => !u.startsWith(base))).toEqual([]);
  });
});

describe('each view loads', () => {
  const views: [string, string, string][] = [
    ['stock', 'stock', '#stock-h'],
    ['clienteling', 'clienteling', '#cl-h'],
    ['orders', 'orders', '#orders-h'],
    ['planning', 'planning', '[data-testid="kpi-chart"] .recharts-line'],
    ['discrepancies', 'discrepancies', 'table[data-discrepancy], tr[data-discrepancy], #disc-h'],
    ['live', 'live', '[data-testid="live-state"]'],
  ];
  it.each(views)('%s', async (name, hash, selector) => {
    const errors: string[] = [];
    const onError = (e: unknown) => errors.push((e as Error).message);
    page.on('pageerror', onError);
    await open(hash);
    await page.waitForSelector(selector);
    await expectAccessible(name);
    page.off('pageerror', onError);
    expect(errors).toEqual([]);
  });
});

describe('scenarios', () => {
  it('stock: a SKU found by name shows its positions on the map and in the table', async () => {
    const sku = skuOf.get(shelf.item.matnr)!;
    const name = (await t.stack.platform.registry.sku(sku))!.name;
    await open('stock');
    await page.type('#stock-h ~ .toolbar input[type="search"]', name.split(' ').slice(0, 3).join(' '));
    await page.waitForSelector(`button[data-sku="${sku}"]`);
    await page.click(`button[data-sku="${sku}"]`);
    await page.waitForSelector(`[data-testid="ats-${shelf.store.plant}"]`);
    expect(Number(await text(`[data-testid="onhand-${shelf.store.plant}"]`))).toBe(shelf.onHand);
    expect(await page.$$eval('svg.map g.point', (g) => g.length)).toBeGreaterThan(10);
    await shot('stock');
  });

  it('stock: a till sale moves the figure on screen without a reload (ledger change → SSE → refetch)', async () => {
    const sku = skuOf.get(shelf.item.matnr)!;
    await open(`stock?sku=${sku}`);
    const cell = `[data-testid="onhand-${shelf.store.plant}"]`;
    await page.waitForSelector(cell);
    await page.waitForFunction(() => document.querySelector('.badge')?.textContent?.includes('live'));
    const before = Number(await text(cell));
    const marker = await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = Math.random()));
    const rung = Date.now();
    await t.stack.clients.pos.ringSale(shelf.store.posStoreNo!, [{ barcode: shelf.item.gtin, qty: 2 }]);
    await page.waitForFunction((sel, want) => document.querySelector(sel)?.textContent === String(want), { timeout: 10_000 }, cell, before - 2);
    const ms = Date.now() - rung;
    console.log(`console: a till sale showed on screen ${ms} ms after the till answered`);
    // the same page: no reload happened
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(marker);
  });

  it('clienteling: a scanned barcode shows stock here', async () => {
    await open('clienteling');
    await page.select('#cl-h ~ form select', shelf.store.plant);
    const selects = await page.$$('#cl-h ~ form select');
    await selects[1].select('ERP');
    await page.type('#cl-h ~ form input', shelf.item.matnr);
    await page.click('#cl-h ~ form button[type="submit"]');
    await page.waitForSelector('[data-testid="here-ats"]');
    expect(Number(await text('[data-testid="here-ats"]'))).toBeGreaterThanOrEqual(0);
    await shot('clienteling');
  });

  it('orders: routing an order shows the plan with chosen locations and costs', async () => {
    const sku = skuOf.get(shelf.item.matnr)!;
    await open('orders');
    await page.type('#orders-h ~ form input[type="search"]', sku);
    await page.waitForSelector(`button[data-sku="${sku}"]`);
    await page.click(`button[data-sku="${sku}"]`);
    await page.click('#orders-h ~ form > button[type="submit"]');
    await page.waitForSelector('[data-testid="plan"] [data-testid="chosen"]');
    expect(Number(await text('[data-testid="plan-cost"]'))).toBeGreaterThan(0);
    const chosen = await page.$$eval('[data-testid="chosen"] th', (ths) => ths.map((th) => th.textContent));
    expect(chosen.length).toBeGreaterThan(0);
    await expectAccessible('orders with a plan');
    await shot('orders');
    // the order held its stock; releasing the hold from the page
    await page.waitForSelector('[data-testid="holds"] button');
    await page.click('[data-testid="holds"] button');
    await page.waitForFunction(() => /RELEASED/.test(document.querySelector('[data-testid="holds"]')?.textContent ?? ''));
    // the graph has cancelOrder: the page offers it and shows the OMS's answer
    const [cancel] = await page.$$('xpath/.//button[contains(., "Cancel order")]');
    expect(cancel).toBeDefined();
    await cancel.click();
    await page.waitForFunction(() => /^Order \S+: [A-Z_]+$|^Cancel refused: [A-Z_]+/.test(document.querySelector('[role="status"]')?.textContent ?? ''));
    console.log(`console: cancel answered "${await text('[role="status"]')}"`);
  });

  it('planning: forecast with its interval over history, replenishment, KPI chart', async () => {
    const sku = skuOf.get(shelf.item.matnr)!;
    await open(`planning?sku=${sku}&location=${shelf.store.plant}`);
    await page.waitForSelector('[data-testid="kpi-chart"] .recharts-line');
    await page.waitForSelector('[data-testid="forecast-chart"] .recharts-line, [role="status"]');
    await shot('planning');
  });

  it('discrepancies: each open one has a cycle-count button that asks for a count', async () => {
    await open('discrepancies');
    await page.waitForSelector('tr[data-discrepancy]');
    await shot('discrepancies');
    const button = await page.$('tr[data-discrepancy] button');
    expect(button).not.toBeNull();
    await button!.click();
    await page.waitForFunction(() => /Count requested|Refused/.test(document.querySelector('[role="status"]')?.textContent ?? ''));
  });

  it('live: changes stream in', async () => {
    await open('live');
    await page.waitForFunction(() => document.querySelector('[data-testid="live-state"]')?.textContent === 'live');
    await t.stack.clients.pos.ringSale(shelf.store.posStoreNo!, [{ barcode: shelf.item.gtin, qty: 1 }]);
    await page.waitForSelector('[data-testid="live-row"]');
    await shot('live');
  });
});
