// Turns the chosen assignment into the plan the caller sees: shipments with their reasons,
// every other candidate location with why it was not used, and every unserved unit.
import { promisedBy } from './deliveryPromise';
import type { Evaluation } from './evaluateOpenSet';
import type { RoutingProblem, RoutingSource } from './routingProblem';
import type { ChosenReason, PlannedShipment, RejectedLocation, RoutingPlan, SearchStats, UnassignedLine, UnassignedReason } from './routingTypes';

export interface ExplainContext {
  bestFullCover: Evaluation | null;
  fullCoverCount: number;
  stats: SearchStats;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const money = (x: number) => x.toFixed(2);

function shipmentKey(s: RoutingSource): string {
  return `${s.locationId}:${s.method}${s.backorder ? ':BACKORDER' : ''}`;
}

function reasonFor(problem: RoutingProblem, s: RoutingSource, row: number[], shipments: number, ctx: ExplainContext, plan: Evaluation): { reason: ChosenReason; why: string } {
  const units = row.reduce((a, b) => a + b, 0);
  const where = s.transferTo ? `${s.distanceKm.toFixed(1)} km from ${s.transferTo}` : `${s.distanceKm.toFixed(1)} km away`;
  if (s.backorder) return { reason: 'BACKORDER', why: `${units} unit(s) placed against incoming supply, ready in ${s.promiseHours.toFixed(0)} h` };
  if (s.method === 'PICKUP_IN_STORE' && !s.transferTo) return { reason: 'PICKUP_LOCAL', why: `${units} unit(s) held at the pickup store, ready in ${s.promiseHours.toFixed(1)} h` };
  if (s.transferTo) return { reason: 'TRANSFER_TO_PICKUP', why: `${units} unit(s) transferred ${where}, ready in ${s.promiseHours.toFixed(1)} h` };
  const unserved = plan.unassigned.some((u) => u > 0);
  if (shipments === 1 && !unserved) {
    const among = ctx.fullCoverCount > 0 ? `; cheapest of ${ctx.fullCoverCount} location(s) that could` : '';
    return { reason: 'FULL_COVER', why: `serves the whole order from ${where}${among}` };
  }
  if (shipments === 1) return { reason: 'PARTIAL_COVER', why: `serves ${units} unit(s) from ${where}; no location can serve the rest` };
  const onlyHere = row.some((q, i) => q > 0 && problem.sources.every((o) => o.index === s.index || o.avail[i] === 0));
  if (onlyHere) return { reason: 'ONLY_SOURCE', why: `${units} unit(s) no other location can serve, ${where}` };
  const full = ctx.bestFullCover;
  const single = full ? problem.sources[full.used[0]].locationId : '';
  const why = !full
    ? `part of the cheapest ${shipments}-shipment plan; no single location can serve the whole order`
    : full.lateUnits > plan.lateUnits
      ? `part of a ${shipments}-shipment plan that meets the SLA; the best single location ${single} would not`
      : `part of a ${shipments}-shipment plan that saves ${money(full.cost - plan.cost)} over the best single location ${single} (${money(full.cost)}), split penalty included`;
  return { reason: 'LEAST_COST_SPLIT', why: `${units} unit(s) from ${where}; ${why}` };
}

function unassignedReason(problem: RoutingProblem, i: number): UnassignedReason {
  let stock = 0;
  for (const s of problem.sources) stock += s.avail[i];
  if (problem.blockedByCapacity[i] > 0) return 'NO_CAPACITY';
  if (stock === 0) return 'NO_STOCK';
  return stock < problem.lines[i].quantity ? 'INSUFFICIENT_STOCK' : 'NO_CAPACITY';
}

function rejections(problem: RoutingProblem, used: Set<string>): RejectedLocation[] {
  const byLocation = new Map<string, RoutingSource[]>();
  for (const s of problem.sources) {
    const list = byLocation.get(s.locationId);
    if (list) list.push(s); else byLocation.set(s.locationId, [s]);
  }
  const out: RejectedLocation[] = [];
  for (const v of problem.verdicts) {
    if (used.has(v.locationId)) continue;
    if (v.reason) { out.push({ locationId: v.locationId, reason: v.reason, detail: v.detail }); continue; }
    const srcs = byLocation.get(v.locationId) ?? [];
    const onTime = srcs.filter((s) => !s.late);
    if (onTime.length === 0 && problem.slaHours !== null) {
      const fastest = Math.min(...srcs.map((s) => s.promiseHours));
      out.push({ locationId: v.locationId, reason: 'TOO_FAR_FOR_SLA', detail: `promise ${fastest.toFixed(1)} h exceeds the ${problem.slaHours} h SLA` });
    } else {
      const units = Math.max(...srcs.map((s) => s.avail.reduce((a, b) => a + b, 0)));
      out.push({ locationId: v.locationId, reason: 'COSTLIER', detail: `could serve ${units} unit(s) but the plan is cheaper without it` });
    }
  }
  return out;
}

export function explainPlan(problem: RoutingProblem, plan: Evaluation, ctx: ExplainContext): RoutingPlan {
  const count = plan.used.length;
  const shipments: PlannedShipment[] = plan.used.map((j, k) => {
    const s = problem.sources[j];
    const row = plan.flows[k];
    const units = row.reduce((a, b) => a + b, 0);
    const { reason, why } = reasonFor(problem, s, row, count, ctx, plan);
    const shipment: PlannedShipment = {
      key: shipmentKey(s), locationId: s.locationId, locationType: s.locationType, method: s.method, backorder: s.backorder,
      lines: problem.lines.flatMap((l, i) => (row[i] > 0 ? [{ sku: l.sku, quantity: row[i], backorder: s.backorder }] : [])),
      distanceKm: round(s.distanceKm), cost: round(s.fixedCost + s.unitCost * units), promiseHours: round(s.promiseHours),
      meetsSla: !s.late, reason, why,
    };
    if (s.transferTo) shipment.transferTo = s.transferTo;
    if (problem.now !== undefined) shipment.promisedBy = promisedBy(problem.now, s.promiseHours);
    return shipment;
  });
  const unassigned: UnassignedLine[] = [
    ...problem.refused,
    ...problem.lines.flatMap((l, i) => (plan.unassigned[i] > 0 ? [{ sku: l.sku, quantity: plan.unassigned[i], reason: unassignedReason(problem, i) }] : [])),
  ];
  const splitCount = Math.max(0, count - 1);
  return {
    shipments, unassigned,
    // Summed from the rounded parts so the figures the caller sees add up exactly.
    totalCost: round(shipments.reduce((sum, s) => sum + s.cost, 0) + round(problem.splitPenalty * splitCount)),
    splitCount, splitPenaltyCost: round(problem.splitPenalty * splitCount),
    promiseHours: round(Math.max(0, ...shipments.map((s) => s.promiseHours))),
    slaHours: problem.slaHours,
    meetsSla: shipments.every((s) => s.meetsSla),
    rejected: rejections(problem, new Set(shipments.map((s) => s.locationId))),
    search: ctx.stats,
  };
}
