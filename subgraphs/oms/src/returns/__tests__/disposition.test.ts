import { distanceKm } from '@stockgraph/shared';
import { decideDisposition, decideDispositions, type DispositionLineInput, type DispositionSite, type VendorTerms } from '../disposition';
import { parseDispositionConfig } from '../dispositionConfig';
import type { Disposition } from '../returnTypes';

// A store that is also the refurbishment centre and returns DC keeps distances at 0, so the
// expected values below are plain arithmetic on the default config.
const store = (id: string, lat: number, caps: DispositionSite['capabilities'] = ['RETURNS']): DispositionSite => ({ id, geo: { lat, lng: -1 }, type: 'STORE', capabilities: caps });
const dc = (id: string, lat: number, caps: DispositionSite['capabilities'] = ['RETURNS']): DispositionSite => ({ id, geo: { lat, lng: -1 }, type: 'DISTRIBUTION_CENTER', capabilities: caps });
const hub = dc('D001', 52, ['RETURNS', 'REFURBISH']);
const noRefurb = { returnLocation: hub, sites: [dc('D001', 52)] };
const withRefurb = { returnLocation: hub, sites: [hub] };
const defaults = parseDispositionConfig();
// 3° of latitude (~334 km) from the only DC: liquidating a worthless unit costs more than destroying it.
const remote = store('S009', 55);
const farFromDc = { returnLocation: remote, sites: [remote, dc('D001', 52)] };

const line = (over: Partial<DispositionLineInput> = {}): DispositionLineInput => ({
  sku: 'SKU-1', quantity: 1, condition: 'NEW', category: 'GENERAL', unitCost: 20, unitPrice: 50, daysSinceSale: 10, vendor: null, ...over,
});
const vendor = (over: Partial<VendorTerms> = {}): VendorTerms => ({ vendorId: 'V1', acceptsReturns: true, creditPctOfCost: 100, windowDays: 30, returnSite: hub, ...over });

describe('decideDisposition on the default config', () => {
  // price 50, cost 20; handling RESTOCK 1.50, REFURBISH 2, LIQUIDATE 0.75, DESTROY 1.25, RTV 2; refurbishment 6.
  const cases: { name: string; input: Partial<DispositionLineInput>; network: typeof noRefurb; want: Disposition; value: number; runnerUp: Disposition }[] = [
    { name: 'NEW restocks at full price', input: {}, network: withRefurb, want: 'RESTOCK', value: 48.5, runnerUp: 'LIQUIDATE' },
    { name: 'NEW after 130 days: 0.8 seasonality', input: { daysSinceSale: 130 }, network: noRefurb, want: 'RESTOCK', value: 38.5, runnerUp: 'LIQUIDATE' },
    { name: 'NEW after 400 days: seasonality floor 0.5', input: { daysSinceSale: 400 }, network: noRefurb, want: 'RESTOCK', value: 23.5, runnerUp: 'LIQUIDATE' },
    { name: 'OPENED without a centre: open-box 60%', input: { condition: 'OPENED' }, network: noRefurb, want: 'RESTOCK', value: 28.5, runnerUp: 'LIQUIDATE' },
    // 0.95 × 0.8 × 50 + 0.05 × 6.25 − 6 − 2 = 30.3125
    { name: 'OPENED with a centre: refurbished beats open-box', input: { condition: 'OPENED' }, network: withRefurb, want: 'REFURBISH', value: 30.31, runnerUp: 'RESTOCK' },
    // 0.75 × 40 + 0.25 × 6.25 − 8 = 23.5625
    { name: 'DAMAGED refurbishes', input: { condition: 'DAMAGED' }, network: withRefurb, want: 'REFURBISH', value: 23.56, runnerUp: 'LIQUIDATE' },
    { name: 'DAMAGED without a centre liquidates', input: { condition: 'DAMAGED' }, network: noRefurb, want: 'LIQUIDATE', value: 5.5, runnerUp: 'DESTROY' },
    { name: 'DEFECTIVE goes back to the vendor', input: { condition: 'DEFECTIVE', vendor: vendor({ creditPctOfCost: 80 }) }, network: noRefurb, want: 'RETURN_TO_VENDOR', value: 14, runnerUp: 'LIQUIDATE' },
    // 0.6 × 40 + 0.4 × 6.25 − 8 = 18.5 beats an 80% credit (14)
    { name: 'DEFECTIVE refurbishment beats the vendor credit', input: { condition: 'DEFECTIVE', vendor: vendor({ creditPctOfCost: 80 }) }, network: withRefurb, want: 'REFURBISH', value: 18.5, runnerUp: 'RETURN_TO_VENDOR' },
    // liquidation nearby (−0.75) beats destruction (−1.25) even for a free item …
    { name: 'a free item near a DC is liquidated', input: { condition: 'DAMAGED', unitPrice: 0, unitCost: 0 }, network: noRefurb, want: 'LIQUIDATE', value: -0.75, runnerUp: 'DESTROY' },
    // … but not after 334 km at 0.002 a unit-km (−1.42)
    { name: 'a free item far from any DC is destroyed', input: { condition: 'DAMAGED', unitPrice: 0, unitCost: 0 }, network: farFromDc, want: 'DESTROY', value: -1.25, runnerUp: 'LIQUIDATE' },
    { name: 'three units: totals for the line', input: { quantity: 3 }, network: noRefurb, want: 'RESTOCK', value: 145.5, runnerUp: 'LIQUIDATE' },
    // pennies: RESTOCK open-box 28.50 against a 100% credit on cost, less 2 handling
    { name: 'RTV wins by a penny', input: { condition: 'OPENED', unitCost: 30.51, vendor: vendor() }, network: noRefurb, want: 'RETURN_TO_VENDOR', value: 28.51, runnerUp: 'RESTOCK' },
    { name: 'RESTOCK wins by a penny', input: { condition: 'OPENED', unitCost: 30.49, vendor: vendor() }, network: noRefurb, want: 'RESTOCK', value: 28.5, runnerUp: 'RETURN_TO_VENDOR' },
    { name: 'exact tie: RESTOCK before RETURN_TO_VENDOR', input: { condition: 'OPENED', unitCost: 30.5, vendor: vendor() }, network: noRefurb, want: 'RESTOCK', value: 28.5, runnerUp: 'RETURN_TO_VENDOR' },
    // DEFECTIVE refurbish 18.50 against credit − 2
    { name: 'exact tie: RETURN_TO_VENDOR before REFURBISH', input: { condition: 'DEFECTIVE', unitCost: 20.5, vendor: vendor() }, network: withRefurb, want: 'RETURN_TO_VENDOR', value: 18.5, runnerUp: 'REFURBISH' },
    { name: 'REFURBISH wins by a penny', input: { condition: 'DEFECTIVE', unitCost: 20.49, vendor: vendor() }, network: withRefurb, want: 'REFURBISH', value: 18.5, runnerUp: 'RETURN_TO_VENDOR' },
  ];

  it.each(cases)('$name', ({ input, network, want, value, runnerUp }) => {
    const d = decideDisposition(line(input), network, defaults);
    expect(d.disposition).toBe(want);
    expect(d.expectedRecovery).toBeCloseTo(value, 2);
    expect(d.alternatives[0].disposition).toBe(runnerUp);
    expect(d.reasons[1]).toContain(runnerUp);
    expect(d.reasons[1]).toContain(d.alternatives[0].expectedRecovery.toFixed(2));
    // alternatives are ranked and never better than the choice
    const values = [d.expectedRecovery, ...d.alternatives.map((a) => a.expectedRecovery)];
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('says when a choice was a tie and names the tie-break', () => {
    const d = decideDisposition(line({ condition: 'OPENED', unitCost: 30.5, vendor: vendor() }), noRefurb, defaults);
    expect(d.reasons[1]).toMatch(/^tied with RETURN_TO_VENDOR at 28\.50; tie-break order RESTOCK > RETURN_TO_VENDOR/);
  });

  it('explains the exclusions', () => {
    const d = decideDisposition(line({ condition: 'DAMAGED', daysSinceSale: 45, vendor: vendor({ windowDays: 30 }) }), noRefurb, defaults);
    expect(d.reasons).toEqual(expect.arrayContaining([
      'RESTOCK excluded: DAMAGED units are not resaleable in GENERAL',
      'REFURBISH excluded: no refurbishment centre in the network',
      "RETURN_TO_VENDOR excluded: 45 days since sale exceed vendor V1's window of 30",
    ]));
    const damaged = decideDisposition(line({ condition: 'DAMAGED', vendor: vendor() }), noRefurb, defaults);
    expect(damaged.reasons).toContain('RETURN_TO_VENDOR excluded: vendors do not take DAMAGED units of GENERAL');
    const refusing = decideDisposition(line({ condition: 'DEFECTIVE', vendor: vendor({ acceptsReturns: false }) }), noRefurb, defaults);
    expect(refusing.disposition).toBe('LIQUIDATE');
    expect(refusing.reasons).toContain('RETURN_TO_VENDOR excluded: vendor V1 takes no returns');
  });

  it('keeps RESTOCK and DESTROY at the return location', () => {
    const s = store('S001', 52.3);
    const network = { returnLocation: s, sites: [s, hub] };
    const kept = decideDisposition(line(), network, defaults);
    expect(kept).toMatchObject({ disposition: 'RESTOCK', targetLocationId: 'S001', transferRequired: false, processingCost: 1.5 });
    const destroyed = decideDisposition(line({ condition: 'DAMAGED', unitPrice: 0 }), farFromDc, defaults);
    expect(destroyed).toMatchObject({ disposition: 'DESTROY', targetLocationId: 'S009', transferRequired: false, processingCost: 1.25 });
  });

  it('sends RTV via the nearest returns DC when the vendor has no returns address', () => {
    const s = store('S001', 52.3);
    const network = { returnLocation: s, sites: [s, dc('D002', 53), dc('D001', 52.1), dc('D003', 52.2, [])] };
    const d = decideDisposition(line({ condition: 'DEFECTIVE', vendor: vendor({ returnSite: null }) }), network, defaults);
    const km = distanceKm(s.geo, { lat: 52.1, lng: -1 });
    expect(d).toMatchObject({ disposition: 'RETURN_TO_VENDOR', targetLocationId: 'D001', transferRequired: true });
    expect(d.expectedRecovery).toBeCloseTo(20 - 2 - 0.002 * km, 2);
  });

  it('uses any DC for liquidation when none declares RETURNS, nearest first, ties by id', () => {
    const s = store('S001', 52);
    const network = { returnLocation: s, sites: [s, dc('D009', 52.5, []), dc('D002', 51.5, []), dc('D004', 53, [])] };
    const d = decideDisposition(line({ condition: 'DAMAGED' }), network, defaults);
    expect(d).toMatchObject({ disposition: 'LIQUIDATE', targetLocationId: 'D002', transferRequired: true });
  });

  it('refuses inputs no validated return produces', () => {
    expect(() => decideDisposition(line({ quantity: 0 }), noRefurb, defaults)).toThrow(RangeError);
    expect(() => decideDisposition(line({ unitPrice: Number.NaN }), noRefurb, defaults)).toThrow(/unitPrice/);
    expect(() => decideDisposition(line({ vendor: vendor({ creditPctOfCost: 120 }) }), noRefurb, defaults)).toThrow(/0–100%/);
  });

  it('decides every line in order', () => {
    const out = decideDispositions([line({ sku: 'A' }), line({ sku: 'B', condition: 'DAMAGED' })], noRefurb, defaults);
    expect(out.map((d) => [d.sku, d.disposition])).toEqual([['A', 'RESTOCK'], ['B', 'LIQUIDATE']]);
  });
});

describe('transport cost', () => {
  // Bulky goods: 0.25 a unit-km. DAMAGED, price 100: refurbish = 0.75 × 80 + 0.25 × 12.5 − 8 − 0.25 km
  // = 55.125 − 0.25 km; liquidate = 12.5 − 0.75 − 0.25 km to the DC.
  const config = parseDispositionConfig({ categories: { FURNITURE: { transportCostPerUnitKm: 0.25 } } });
  const s = store('S001', 52);
  const returnsDc = dc('D001', 52.1);
  const item = line({ category: 'FURNITURE', condition: 'DAMAGED', unitPrice: 100, unitCost: 40 });
  const km = (lat: number) => distanceKm(s.geo, { lat, lng: -1 });

  it.each([
    { name: 'near centre: refurbish there', centreLat: 52.5, want: 'REFURBISH', target: 'R001', value: 55.125 - 0.25 * km(52.5) },
    { name: 'far centre: liquidate at the DC', centreLat: 54.5, want: 'LIQUIDATE', target: 'D001', value: 11.75 - 0.25 * km(52.1) },
  ])('$name', ({ centreLat, want, target, value }) => {
    const centre: DispositionSite = { id: 'R001', geo: { lat: centreLat, lng: -1 }, capabilities: ['REFURBISH'] };
    const d = decideDisposition(item, { returnLocation: s, sites: [s, returnsDc, centre] }, config);
    expect(d).toMatchObject({ disposition: want, targetLocationId: target, transferRequired: true });
    expect(d.expectedRecovery).toBeCloseTo(value, 2);
    expect(d.reasons[0]).toContain(`km to ${target}`);
  });

  it('picks the nearest of several centres', () => {
    const far: DispositionSite = { id: 'R001', geo: { lat: 53.5, lng: -1 }, capabilities: ['REFURBISH'] };
    const near: DispositionSite = { id: 'R002', geo: { lat: 52.2, lng: -1 }, capabilities: ['REFURBISH'] };
    const d = decideDisposition(item, { returnLocation: s, sites: [far, s, near, returnsDc] }, config);
    expect(d.targetLocationId).toBe('R002');
  });
});

describe('per-category overrides', () => {
  const config = parseDispositionConfig({
    categories: {
      HYGIENE: { allowedDispositions: ['RESTOCK', 'DESTROY'], openedResale: 'NONE' },
      APPAREL: { openedResale: 'AS_NEW', seasonality: { dailyDecay: 0.01 } },
      NO_LIQUIDATION: { allowedDispositions: ['REFURBISH', 'DESTROY'] },
    },
  });

  it.each([
    { name: 'opened hygiene goods are destroyed', input: { category: 'HYGIENE', condition: 'OPENED' as const }, want: 'DESTROY', value: -1.25 },
    { name: 'sealed hygiene goods restock', input: { category: 'HYGIENE' }, want: 'RESTOCK', value: 48.5 },
    { name: 'opened apparel restocks as new', input: { category: 'APPAREL', condition: 'OPENED' as const }, want: 'RESTOCK', value: 48.5 },
    // 1 − 0.01 × (60 − 30) = 0.7 → 35 − 1.5
    { name: 'apparel loses value faster', input: { category: 'APPAREL', daysSinceSale: 60 }, want: 'RESTOCK', value: 33.5 },
    // failures destroyed: 0.6 × 40 + 0.4 × (−1.25) − 8
    { name: 'refurbish failures are destroyed where liquidation is barred', input: { category: 'NO_LIQUIDATION', condition: 'DEFECTIVE' as const }, want: 'REFURBISH', value: 15.5 },
    { name: 'unknown category uses the default', input: { category: 'NOT_CONFIGURED', condition: 'OPENED' as const }, want: 'REFURBISH', value: 30.31 },
  ])('$name', ({ input, want, value }) => {
    const d = decideDisposition(line(input), withRefurb, config);
    expect(d.disposition).toBe(want);
    expect(d.expectedRecovery).toBeCloseTo(value, 2);
  });

  it('lists only allowed actions as alternatives', () => {
    const d = decideDisposition(line({ category: 'HYGIENE' }), withRefurb, config);
    expect(d.alternatives.map((a) => a.disposition)).toEqual(['DESTROY']);
    expect(d.reasons).toContain('LIQUIDATE excluded: category HYGIENE does not allow LIQUIDATE');
  });
});
