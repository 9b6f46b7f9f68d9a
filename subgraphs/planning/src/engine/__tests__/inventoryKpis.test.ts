import { averageReplenishmentLeadTimeDays, forecastAccuracy, inventoryKpis, inventoryTurnover, sellThrough, splitRate, unitFillRate } from '../inventoryKpis';

const DAY = 86_400_000;

describe('inventory KPIs', () => {
  it('computes each definition from its facts', () => {
    expect(sellThrough(30, 60, 40)).toBeCloseTo(0.3, 12);
    expect(inventoryTurnover(120, [50, 70, 60])).toBeCloseTo(2, 12);
    expect(forecastAccuracy([{ actual: 10, forecast: 8 }, { actual: 10, forecast: 13 }])).toBeCloseTo(0.75, 12);
    expect(forecastAccuracy([{ actual: 1, forecast: 9 }])).toBe(0);
    expect(unitFillRate([{ orderedUnits: 10, filledUnits: 10 }, { orderedUnits: 10, filledUnits: 5 }, { orderedUnits: 5, filledUnits: 9 }])).toBeCloseTo(20 / 25, 12);
    expect(splitRate([1, 2, 1, 3, 0])).toBeCloseTo(0.5, 12);
    expect(averageReplenishmentLeadTimeDays([{ orderedAt: 0, receivedAt: 3 * DAY }, { orderedAt: DAY, receivedAt: 6 * DAY }, { orderedAt: 5, receivedAt: 1 }])).toBeCloseTo(4, 12);
  });

  it('says null, not 0, when there is nothing to measure', () => {
    expect(
      inventoryKpis({ unitsSold: 0, openingUnits: 0, unitsReceived: 0, onHandSnapshots: [], forecastPairs: [], orderLines: [], orderShipments: [], replenishments: [] }),
    ).toEqual({ sellThrough: null, turnover: null, forecastAccuracy: null, fillRate: null, splitRate: null, averageReplenishmentLeadTimeDays: null });
  });
});
