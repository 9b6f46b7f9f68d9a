// Markdown suggestion for stock that will not sell by the season end at today's price. Weeks of
// cover = units / weekly demand; expected sell-through by the season end = min(1, demand to then /
// units). Below the target sell-through, the smallest markdown (in `step`s, at most `max`) whose
// demand lift under the fitted price response, (1 − m)^ε, reaches the target is suggested.
import { markdownLift } from './priceResponse';

/**
 * Elasticity of the price response fitted on the real Online Retail file (bench/price-response.ts,
 * bench/results/price-response.json; a test refits it and checks this figure).
 */
export const FITTED_PRICE_ELASTICITY = -1.352;

export interface MarkdownInput {
  units: number;
  dailyDemand: number;
  daysToSeasonEnd: number;
  elasticity?: number;
  targetSellThrough?: number;
  step?: number;
  max?: number;
}

export interface MarkdownSuggestion {
  weeksOfCover: number | null;
  expectedSellThrough: number;
  sellThroughAfterMarkdown: number;
  markdown: number;
  /** cover beyond the season: a candidate */
  overstocked: boolean;
  reason: string;
}

export function suggestMarkdown(input: MarkdownInput): MarkdownSuggestion {
  const e = input.elasticity ?? FITTED_PRICE_ELASTICITY;
  const target = input.targetSellThrough ?? 0.9;
  const step = input.step ?? 0.05;
  const max = input.max ?? 0.7;
  const units = Math.max(0, input.units);
  const days = Math.max(0, input.daysToSeasonEnd);
  const demand = Math.max(0, input.dailyDemand) * days;
  const weeksOfCover = input.dailyDemand > 0 ? units / (7 * input.dailyDemand) : units > 0 ? null : 0;
  const sellThrough = (lift: number) => (units > 0 ? Math.min(1, (demand * lift) / units) : 1);
  const expected = sellThrough(1);
  const overstocked = units > 0 && (weeksOfCover === null || weeksOfCover > days / 7);
  let markdown = 0;
  if (overstocked && expected < target) {
    markdown = max;
    for (let m = step; m <= max + 1e-9; m += step) {
      if (sellThrough(markdownLift(m, e)) >= target) {
        markdown = Math.round(m * 100) / 100;
        break;
      }
    }
  }
  const after = sellThrough(markdownLift(markdown, e));
  const cover = weeksOfCover === null ? 'no demand forecast' : `${weeksOfCover.toFixed(1)} weeks of cover`;
  const reason = !overstocked
    ? `${cover} within the ${(days / 7).toFixed(1)} weeks to the season end`
    : markdown === 0
      ? `${cover} but ${Math.round(expected * 100)}% expected to sell by the season end: no markdown needed`
      : `${cover} against ${(days / 7).toFixed(1)} weeks to the season end: ${Math.round(expected * 100)}% would sell at today's price; ${Math.round(markdown * 100)}% off lifts demand ×${markdownLift(markdown, e).toFixed(2)} (elasticity ${e}) to sell ${Math.round(after * 100)}%${after < target ? ` (the most markdown allowed, ${Math.round(max * 100)}%, is short of the ${Math.round(target * 100)}% target)` : ''}`;
  return { weeksOfCover, expectedSellThrough: expected, sellThroughAfterMarkdown: after, markdown, overstocked, reason };
}
