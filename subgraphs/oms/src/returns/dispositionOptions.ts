import { distanceKm, type GeoPoint, type LocationCapability, type LocationType } from '@stockgraph/shared';
import { seasonalFactor, type CategoryPolicy } from './dispositionConfig';
import { sellableNow } from './rma';
import { formatMoney, type Disposition, type ItemCondition } from './returnTypes';

/** A place an action can happen: a Location, or the part of one the decision needs. */
export interface DispositionSite {
  id: string;
  geo: GeoPoint;
  type?: LocationType;
  capabilities?: readonly LocationCapability[];
}

/** The supplier's return terms (ERP vendor: rtv, rtvPct) and where its returns go. */
export interface VendorTerms {
  vendorId: string;
  acceptsReturns: boolean;
  /** credit in percent of cost, 0–100 */
  creditPctOfCost: number;
  /** the vendor takes units back up to this many days after the sale */
  windowDays: number;
  /** the vendor's returns address; when absent, RTV units are consolidated at the nearest returns DC */
  returnSite?: DispositionSite | null;
}

export interface DispositionLineInput {
  sku: string;
  quantity: number;
  condition: ItemCondition;
  /** ERP category (matkl): picks the policy */
  category: string;
  /** ERP standard cost per unit */
  unitCost: number;
  /** ERP selling price per unit */
  unitPrice: number;
  daysSinceSale: number;
  vendor?: VendorTerms | null;
}

export interface DispositionNetwork {
  returnLocation: DispositionSite;
  /** every location of the network; refurbishment centres and returns DCs are picked from it */
  sites: readonly DispositionSite[];
}

/** One feasible action for one unit. */
export interface Option {
  disposition: Disposition;
  site: DispositionSite;
  distanceKm: number;
  /** expected value before costs, per unit */
  gross: number;
  handling: number;
  transport: number;
  refurbish: number;
  /** gross − handling − transport − refurbish, per unit */
  net: number;
  explain: string;
}

export interface Excluded { disposition: Disposition; why: string }

/** Nearest site, ties broken by id so the same network always gives the same answer. */
function nearest(from: DispositionSite, sites: readonly DispositionSite[]): { site: DispositionSite; km: number } | null {
  let best: { site: DispositionSite; km: number } | null = null;
  for (const site of sites) {
    const km = site.id === from.id ? 0 : distanceKm(from.geo, site.geo);
    if (!best || km < best.km || (km === best.km && site.id < best.site.id)) best = { site, km };
  }
  return best;
}

const has = (s: DispositionSite, c: LocationCapability) => s.capabilities?.includes(c) ?? false;

/**
 * Returns DCs are DCs that declare RETURNS; a network where no DC declares it uses any DC, since
 * every DC can at least build a liquidation pallet.
 */
export function returnsDcs(sites: readonly DispositionSite[]): DispositionSite[] {
  const dcs = sites.filter((s) => s.type === 'DISTRIBUTION_CENTER');
  const declared = dcs.filter((s) => has(s, 'RETURNS'));
  return declared.length ? declared : dcs;
}

/** Every action this line could take, with its per-unit value, and why the others cannot. */
export function evaluateOptions(line: DispositionLineInput, policy: CategoryPolicy, net: DispositionNetwork): { options: Option[]; excluded: Excluded[] } {
  const options: Option[] = [];
  const excluded: Excluded[] = [];
  const here = net.returnLocation;
  const factor = seasonalFactor(policy, line.daysSinceSale);
  const market = line.unitPrice * factor;
  const liquidationValue = line.unitPrice * policy.liquidationRate;
  const allowed = (d: Disposition) => policy.allowedDispositions.includes(d);
  const season = factor < 1 ? ` × ${factor.toFixed(3)} seasonality (${line.daysSinceSale} days since sale)` : '';
  const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
  const money = formatMoney;

  const add = (disposition: Disposition, at: { site: DispositionSite; km: number }, gross: number, extra: { refurbish?: number; what: string }) => {
    const handling = policy.handlingCost[disposition];
    const transport = policy.transportCostPerUnitKm * at.km;
    const refurbish = extra.refurbish ?? 0;
    const value = gross - handling - transport - refurbish;
    const costs = [`handling ${money(handling)}`];
    if (at.km > 0) costs.push(`transport ${money(transport)} (${at.km.toFixed(1)} km to ${at.site.id})`);
    if (refurbish > 0) costs.push(`refurbishment ${money(refurbish)}`);
    const explain = `${disposition} at ${at.site.id}: ${extra.what} less ${costs.join(', ')} = ${money(value)} a unit`;
    options.push({ disposition, site: at.site, distanceKm: at.km, gross, handling, transport, refurbish, net: value, explain });
  };
  const local = { site: here, km: 0 };

  // RESTOCK: only what is sellable as it stands, at the return location.
  if (!allowed('RESTOCK')) excluded.push({ disposition: 'RESTOCK', why: `category ${line.category} does not allow RESTOCK` });
  else if (!sellableNow(line.condition, policy)) excluded.push({ disposition: 'RESTOCK', why: `${line.condition} units are not resaleable in ${line.category}` });
  else {
    const asNew = line.condition === 'NEW' || policy.openedResale === 'AS_NEW';
    const rate = asNew ? 1 : policy.openBoxRate;
    const what = asNew ? `full price ${money(line.unitPrice)}${season}` : `open-box ${pct(rate)} of ${money(line.unitPrice)}${season}`;
    add('RESTOCK', local, market * rate, { what });
  }

  // REFURBISH: at the nearest refurbishment centre; a failed unit is liquidated there, or
  // destroyed where the category forbids liquidation.
  const successRate = line.condition === 'NEW' ? 0 : policy.refurbishSuccessRate[line.condition];
  const centre = nearest(here, net.sites.filter((s) => has(s, 'REFURBISH')));
  if (!allowed('REFURBISH')) excluded.push({ disposition: 'REFURBISH', why: `category ${line.category} does not allow REFURBISH` });
  else if (line.condition === 'NEW') excluded.push({ disposition: 'REFURBISH', why: 'a NEW unit needs no refurbishment' });
  else if (successRate <= 0) excluded.push({ disposition: 'REFURBISH', why: `${line.condition} units of ${line.category} cannot be refurbished (success rate 0)` });
  else if (!centre) excluded.push({ disposition: 'REFURBISH', why: 'no refurbishment centre in the network' });
  else {
    const failValue = allowed('LIQUIDATE') ? liquidationValue : -policy.handlingCost.DESTROY;
    const failWord = allowed('LIQUIDATE') ? 'liquidated' : 'destroyed';
    const gross = successRate * market * policy.refurbishRecoveryRate + (1 - successRate) * failValue;
    const what = `${pct(successRate)} × ${pct(policy.refurbishRecoveryRate)} of ${money(line.unitPrice)}${season}, failures ${failWord} (${money(failValue)})`;
    add('REFURBISH', centre, gross, { refurbish: policy.refurbishCostPerUnit, what });
  }

  // LIQUIDATE: a liquidator collects pallets from the nearest returns DC.
  const dc = nearest(here, returnsDcs(net.sites));
  if (!allowed('LIQUIDATE')) excluded.push({ disposition: 'LIQUIDATE', why: `category ${line.category} does not allow LIQUIDATE` });
  else if (!dc) excluded.push({ disposition: 'LIQUIDATE', why: 'no returns DC in the network' });
  else add('LIQUIDATE', dc, liquidationValue, { what: `liquidation ${pct(policy.liquidationRate)} of ${money(line.unitPrice)}` });

  // RETURN_TO_VENDOR: credit on cost, within the vendor's terms.
  const v = line.vendor;
  if (!allowed('RETURN_TO_VENDOR')) excluded.push({ disposition: 'RETURN_TO_VENDOR', why: `category ${line.category} does not allow RETURN_TO_VENDOR` });
  else if (!v || !v.acceptsReturns) excluded.push({ disposition: 'RETURN_TO_VENDOR', why: v ? `vendor ${v.vendorId} takes no returns` : 'no vendor terms known' });
  else if (line.daysSinceSale > v.windowDays) excluded.push({ disposition: 'RETURN_TO_VENDOR', why: `${line.daysSinceSale} days since sale exceed vendor ${v.vendorId}'s window of ${v.windowDays}` });
  else if (!policy.rtvConditions.includes(line.condition)) excluded.push({ disposition: 'RETURN_TO_VENDOR', why: `vendors do not take ${line.condition} units of ${line.category}` });
  else {
    const via = v.returnSite ? { site: v.returnSite, km: v.returnSite.id === here.id ? 0 : distanceKm(here.geo, v.returnSite.geo) } : dc;
    if (!via) excluded.push({ disposition: 'RETURN_TO_VENDOR', why: `vendor ${v.vendorId} has no returns address and the network no returns DC` });
    else add('RETURN_TO_VENDOR', via, (line.unitCost * v.creditPctOfCost) / 100, { what: `vendor credit ${v.creditPctOfCost}% of cost ${money(line.unitCost)}` });
  }

  // DESTROY: always possible (the config guarantees it), at the return location.
  add('DESTROY', local, 0, { what: 'nothing recovered' });
  return { options, excluded };
}
