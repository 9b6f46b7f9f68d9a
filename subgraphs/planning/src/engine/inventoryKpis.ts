// Inventory KPI definitions (also in the planning README), as pure functions over facts the
// subgraph gathers for a period. A KPI whose denominator is zero is null: "no data", not 0.

export interface InventoryKpiFacts {
  /** units sold (net of returns) in the period */
  unitsSold: number;
  /** units on hand at the start of the period */
  openingUnits: number;
  /** units received into stock in the period (purchase receipts and transfers in) */
  unitsReceived: number;
  /** on-hand units at regular points in the period (e.g. daily snapshots) */
  onHandSnapshots: number[];
  /** per SKU × location × day: what sold and what had been forecast for it */
  forecastPairs: Array<{ actual: number; forecast: number }>;
  /** per order line: units ordered and units filled from stock on the first attempt */
  orderLines: Array<{ orderedUnits: number; filledUnits: number }>;
  /** per customer order: how many shipments it left in */
  orderShipments: number[];
  /** per completed replenishment (purchase order or transfer): ordered and received, ms since epoch */
  replenishments: Array<{ orderedAt: number; receivedAt: number }>;
}

export interface InventoryKpis {
  sellThrough: number | null;
  turnover: number | null;
  forecastAccuracy: number | null;
  fillRate: number | null;
  splitRate: number | null;
  averageReplenishmentLeadTimeDays: number | null;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Sell-through = units sold / (opening units + units received). */
export function sellThrough(unitsSold: number, openingUnits: number, unitsReceived: number): number | null {
  return ratio(unitsSold, openingUnits + unitsReceived);
}

/** Inventory turnover = units sold / average on-hand units over the period. */
export function inventoryTurnover(unitsSold: number, onHandSnapshots: number[]): number | null {
  if (onHandSnapshots.length === 0) return null;
  const average = onHandSnapshots.reduce((s, v) => s + v, 0) / onHandSnapshots.length;
  return ratio(unitsSold, average);
}

/** Forecast accuracy = max(0, 1 − WAPE), WAPE = Σ|actual − forecast| / Σ|actual|. */
export function forecastAccuracy(pairs: Array<{ actual: number; forecast: number }>): number | null {
  let err = 0;
  let total = 0;
  for (const p of pairs) {
    err += Math.abs(p.actual - p.forecast);
    total += Math.abs(p.actual);
  }
  const wape = ratio(err, total);
  return wape === null ? null : Math.max(0, 1 - wape);
}

/** Unit fill rate = units filled from stock on the first attempt / units ordered. */
export function unitFillRate(lines: Array<{ orderedUnits: number; filledUnits: number }>): number | null {
  let ordered = 0;
  let filled = 0;
  for (const l of lines) {
    ordered += l.orderedUnits;
    filled += Math.min(l.filledUnits, l.orderedUnits);
  }
  return ratio(filled, ordered);
}

/** Split rate = orders shipped in more than one shipment / orders shipped. */
export function splitRate(orderShipments: number[]): number | null {
  const shipped = orderShipments.filter((n) => n > 0);
  return ratio(shipped.filter((n) => n > 1).length, shipped.length);
}

const MS_PER_DAY = 86_400_000;

/** Mean days from order to receipt over completed replenishments (times in ms since epoch). */
export function averageReplenishmentLeadTimeDays(replenishments: Array<{ orderedAt: number; receivedAt: number }>): number | null {
  const valid = replenishments.filter((r) => r.receivedAt >= r.orderedAt);
  if (valid.length === 0) return null;
  return valid.reduce((s, r) => s + (r.receivedAt - r.orderedAt), 0) / valid.length / MS_PER_DAY;
}

export function inventoryKpis(facts: InventoryKpiFacts): InventoryKpis {
  return {
    sellThrough: sellThrough(facts.unitsSold, facts.openingUnits, facts.unitsReceived),
    turnover: inventoryTurnover(facts.unitsSold, facts.onHandSnapshots),
    forecastAccuracy: forecastAccuracy(facts.forecastPairs),
    fillRate: unitFillRate(facts.orderLines),
    splitRate: splitRate(facts.orderShipments),
    averageReplenishmentLeadTimeDays: averageReplenishmentLeadTimeDays(facts.replenishments),
  };
}
