// Turns a request into sources: who may serve the order by this channel and method, with what
// stock, at what cost and promise. Everything that is not a source gets a verdict saying why.
import { distanceKm, isValidGeoPoint, type FulfillmentMethod, type GeoPoint } from '@stockgraph/shared';
import { shipmentFixedCost, unitHandlingCost } from './costModel';
import { promiseHours } from './deliveryPromise';
import type { RoutingConfig } from './routingConfig';
import type { LocationVerdict, RoutingProblem, RoutingSource } from './routingProblem';
import type { OrderLine, RoutingCandidate, RoutingRequest, StockRecord, UnassignedLine, UnassignedReason } from './routingTypes';

function mergeLines(lines: readonly OrderLine[]): { valid: OrderLine[]; refused: UnassignedLine[] } {
  const bySku = new Map<string, number>();
  const refused: UnassignedLine[] = [];
  for (const l of lines) {
    if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0) {
      refused.push({ sku: l.sku, quantity: l.quantity, reason: 'INVALID_QUANTITY' });
      continue;
    }
    // The same SKU twice draws on the same stock: route it as one line.
    bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.quantity);
  }
  return { valid: [...bySku].map(([sku, quantity]) => ({ sku, quantity })), refused };
}

function indexStock(stock: readonly StockRecord[], lineOf: Map<string, number>): Map<string, StockRecord[]> {
  const byLocation = new Map<string, StockRecord[]>();
  for (const r of stock) {
    if (!lineOf.has(r.sku)) continue;
    const list = byLocation.get(r.locationId);
    if (list) list.push(r); else byLocation.set(r.locationId, [r]);
  }
  return byLocation;
}

function units(n: number | undefined): number {
  return Number.isFinite(n) && (n as number) > 0 ? Math.floor(n as number) : 0;
}

interface Origin { method: FulfillmentMethod; from: GeoPoint; transferTo?: string; local: boolean }

/** Which method a location would use (and where its goods travel to), or why it cannot take part. */
function originFor(req: RoutingRequest, config: RoutingConfig, c: RoutingCandidate, pickup: RoutingCandidate | undefined): Origin | string {
  const allowed = config.channels[req.channel].methods;
  if (c.channels && !c.channels.includes(req.channel)) return `does not serve ${req.channel}`;
  if (req.method.kind === 'DELIVERY') {
    const method: FulfillmentMethod = c.type === 'DISTRIBUTION_CENTER' ? 'SHIP_FROM_DC' : 'SHIP_FROM_STORE';
    if (!allowed.includes(method)) return `${req.channel} does not use ${method}`;
    if (!c.capabilities.includes(method)) return `no ${method} capability`;
    return { method, from: req.method.destination, local: false };
  }
  const p = pickup as RoutingCandidate;
  if (c.id === p.id) return { method: 'PICKUP_IN_STORE', from: p.geo, local: true };
  if (!c.capabilities.includes('TRANSFER')) return `cannot transfer to ${p.id}`;
  return { method: 'PICKUP_IN_STORE', from: p.geo, transferTo: p.id, local: false };
}

function refuseAll(lines: OrderLine[], reason: UnassignedReason): UnassignedLine[] {
  return lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason }));
}

function pickupProblem(req: RoutingRequest, config: RoutingConfig): { pickup?: RoutingCandidate; refusal?: UnassignedReason } {
  if (req.method.kind !== 'PICKUP') return {};
  const id = req.method.pickupLocationId;
  const pickup = req.candidates.find((c) => c.id === id);
  if (!pickup) return { refusal: 'UNKNOWN_PICKUP_LOCATION' };
  if (!config.channels[req.channel].methods.includes('PICKUP_IN_STORE')) return { refusal: 'METHOD_NOT_ALLOWED' };
  const serves = !pickup.channels || pickup.channels.includes(req.channel);
  if (pickup.type !== 'STORE' || !pickup.capabilities.includes('PICKUP_IN_STORE') || !serves) return { refusal: 'PICKUP_NOT_AVAILABLE' };
  return { pickup };
}

function deliveryRefusal(req: RoutingRequest, config: RoutingConfig): UnassignedReason | undefined {
  if (req.method.kind !== 'DELIVERY') return undefined;
  if (!isValidGeoPoint(req.method.destination as GeoPoint)) return 'INVALID_DESTINATION';
  const methods = config.channels[req.channel].methods;
  if (!methods.includes('SHIP_FROM_DC') && !methods.includes('SHIP_FROM_STORE')) return 'METHOD_NOT_ALLOWED';
  return undefined;
}

const NO_STOCK_DETAIL = 'none of the ordered SKUs available';
const NO_CAPACITY_DETAIL = 'no picking capacity left today';

interface Held { stock: number[]; incoming: number[]; hasStock: boolean; hasIncoming: boolean; etaHours: number }

/** Units of each line a location holds (capped at the line's quantity), or null when none. */
function stockFor(records: StockRecord[] | undefined, lineOf: Map<string, number>, valid: OrderLine[], backorder: boolean, leadHours: number): Held | null {
  if (!records) return null;
  const stock = new Array<number>(valid.length).fill(0);
  const incoming = new Array<number>(valid.length).fill(0);
  // One backorder leg per location waits for its latest supply line.
  let etaHours = 0, hasStock = false, hasIncoming = false;
  for (const r of records) {
    const i = lineOf.get(r.sku) as number;
    stock[i] = Math.min(valid[i].quantity, stock[i] + units(r.available));
    if (stock[i] > 0) hasStock = true;
    if (backorder && units(r.incoming) > 0) {
      incoming[i] = Math.min(valid[i].quantity, incoming[i] + units(r.incoming));
      hasIncoming = true;
      const eta = r.incomingEtaHours !== undefined && Number.isFinite(r.incomingEtaHours) ? Math.max(0, r.incomingEtaHours) : leadHours;
      etaHours = Math.max(etaHours, eta);
    }
  }
  return hasStock || hasIncoming ? { stock, incoming, hasStock, hasIncoming, etaHours } : null;
}

interface SourceContext {
  config: RoutingConfig;
  policy: RoutingConfig['channels'][keyof RoutingConfig['channels']];
  pickup: RoutingCandidate | undefined;
  valid: OrderLine[];
  demand: number;
  /** sources in creation order; rank is set once all are known */
  drafts: RoutingSource[];
}

function addSource(ctx: SourceContext, c: RoutingCandidate, origin: Origin, km: number, backorder: boolean, avail: number[], cap: number, etaHours: number): void {
  const { config, policy, pickup } = ctx;
  const hours = promiseHours(config, {
    method: origin.method, processingHours: c.processingHours ?? config.processingHours[c.type], distanceKm: km, localPickup: origin.local,
    backorderHours: backorder ? etaHours : undefined,
    transferToPickup: origin.transferTo && pickup ? { pickupProcessingHours: pickup.processingHours ?? config.processingHours[pickup.type] } : undefined,
  });
  const late = policy.slaHours !== null && hours > policy.slaHours + 1e-9;
  const unitCost = unitHandlingCost(config.cost, c.type, backorder);
  let sum = 0;
  for (const a of avail) sum += a;
  const capped = Math.min(cap, sum, ctx.demand);
  ctx.drafts.push({
    index: ctx.drafts.length, rank: -1, locationId: c.id, locationType: c.type, method: origin.method, backorder, transferTo: origin.transferTo,
    distanceKm: km, promiseHours: hours, late,
    fixedCost: shipmentFixedCost(config.cost, c.type, origin.method, km),
    unitCost, unitObjective: unitCost + (late ? config.penalties.latePerUnit : 0) + (backorder ? config.penalties.backorderPerUnit : 0),
    avail, capacity: capped, capacityBinds: capped < sum,
  });
}

export function buildRoutingProblem(req: RoutingRequest, config: RoutingConfig): RoutingProblem {
  const { valid, refused } = mergeLines(req.lines);
  const policy = config.channels[req.channel];
  const base: RoutingProblem = {
    lines: valid, demand: valid.map((l) => l.quantity), sources: [], refused, verdicts: [], blockedByCapacity: valid.map(() => 0),
    splitPenalty: config.cost.splitPenalty, unassignedPenalty: config.penalties.unassignedPerUnit,
    latePenalty: config.penalties.latePerUnit, backorderPenalty: config.penalties.backorderPerUnit, slaHours: policy.slaHours, now: req.now,
  };
  const { pickup, refusal } = pickupProblem(req, config);
  const refusedMethod = refusal ?? deliveryRefusal(req, config);
  if (refusedMethod) {
    return { ...base, lines: [], demand: [], refused: [...refused, ...refuseAll(valid, refusedMethod)], blockedByCapacity: [],
      verdicts: req.candidates.map((c) => ({ locationId: c.id, reason: 'NOT_ELIGIBLE', detail: refusedMethod })) };
  }
  const lineOf = new Map(valid.map((l, i) => [l.sku, i]));
  const stockAt = indexStock(req.stock, lineOf);
  const demand = valid.reduce((s, l) => s + l.quantity, 0);
  const drafts: SourceContext['drafts'] = [];
  const verdicts: LocationVerdict[] = [];

  const ctx: SourceContext = { config, policy, pickup, valid, demand, drafts };
  for (const c of req.candidates) {
    const origin = originFor(req, config, c, pickup);
    if (typeof origin === 'string') { verdicts.push({ locationId: c.id, reason: 'NOT_ELIGIBLE', detail: origin }); continue; }
    const held = stockFor(stockAt.get(c.id), lineOf, valid, req.allowBackorder ?? policy.backorder, config.backorderLeadHours);
    if (!held) { verdicts.push({ locationId: c.id, reason: 'NO_STOCK', detail: NO_STOCK_DETAIL }); continue; }
    const capacity = c.remainingCapacity === undefined ? Infinity : units(c.remainingCapacity);
    const stockUsable = held.hasStock && capacity > 0;
    if (held.hasStock && !stockUsable) held.stock.forEach((a, i) => { base.blockedByCapacity[i] += a; });
    if (!stockUsable && !held.hasIncoming) {
      verdicts.push(held.hasStock ? { locationId: c.id, reason: 'NO_CAPACITY', detail: NO_CAPACITY_DETAIL } : { locationId: c.id, reason: 'NO_STOCK', detail: NO_STOCK_DETAIL });
      continue;
    }
    const km = origin.local ? 0 : distanceKm(c.geo, origin.from);
    if (stockUsable) addSource(ctx, c, origin, km, false, held.stock, capacity, 0);
    // Backordered units are picked when the supply lands, not from today's capacity.
    if (held.hasIncoming) addSource(ctx, c, origin, km, true, held.incoming, Infinity, held.etaHours);
    verdicts.push({ locationId: c.id, detail: 'candidate' });
  }

  const sources = drafts;
  const order = sources.slice().sort((x, y) =>
    x.distanceKm - y.distanceKm || (x.locationId < y.locationId ? -1 : x.locationId > y.locationId ? 1 : 0) || Number(x.backorder) - Number(y.backorder));
  for (let r = 0; r < order.length; r++) order[r].rank = r;
  return { ...base, sources, verdicts };
}
