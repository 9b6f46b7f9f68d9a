// A channel's stock and demand for one SKU. Stock: the channel's figure (channelAvailable) summed
// over the locations its policy lets it sell from. Demand: the history nets every channel into one
// series per SKU × location, so the channel's daily forecast is the forecast at those locations
// times the channel's share of all units in the demand log over the last 56 days (1 when the log
// has none yet).
import { channelAvailable, locationFeedsChannel } from '@stockgraph/shared/availability';
import type { Channel, Position } from '@stockgraph/shared';
import type { PlanningContext } from '../context';
import { forecastPosition } from './forecastPosition';

const SHARE_DAYS = 56;

export function channelLocationIds(ctx: PlanningContext, channel: Channel): string[] {
  const policy = ctx.policies[channel];
  return ctx.registry.allLocations().filter((l) => locationFeedsChannel(policy, l)).map((l) => l.id);
}

export function channelShare(ctx: PlanningContext, channel: Channel, today: number): number {
  const all = ctx.log.unitsBetween(today - SHARE_DAYS + 1, today, null);
  const mine = ctx.log.unitsBetween(today - SHARE_DAYS + 1, today, channel);
  return all > 0 ? Math.max(0, Math.min(1, mine / all)) : 1;
}

export function channelAvailableUnits(ctx: PlanningContext, channel: Channel, positions: readonly Position[], locationIds: readonly string[]): number {
  const ids = new Set(locationIds);
  return positions.filter((p) => ids.has(p.locationId)).reduce((s, p) => s + channelAvailable(p, ctx.policies[channel], channel), 0);
}

/** Daily forecast mean and σ of the SKU in the channel for days today+1+offset … (+days). */
export function channelForecast(ctx: PlanningContext, sku: string, locationIds: readonly string[], today: number, offset: number, days: number, share: number): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(days);
  const variance = new Float64Array(days);
  for (const loc of locationIds) {
    const f = forecastPosition(ctx.history, sku, loc, today, offset + days, [0.5], false);
    if (f.reason) continue;
    for (let d = 0; d < days; d++) {
      mean[d] += f.mean[offset + d] * share;
      variance[d] += (f.sd[offset + d] * share) ** 2;
    }
  }
  return { mean, sd: variance.map(Math.sqrt) };
}
