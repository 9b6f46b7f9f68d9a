// Starts the demo stack in-process (as `npm start` does, seeded history, demo keys), sends the
// planning contract's new operations through the gateway and writes the answers, trimmed for
// reading, to subgraphs/planning/examples.json: the planning README quotes them from there.
//   npx tsx scripts/planningExamples.ts
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startStack } from './stack';
import { contractOperation } from '../tests/support/contract';
import { gqlData } from '../tests/support/gql';

const PLANNER = 'demo-planner-key-0001';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function main(): Promise<void> {
  const stack = await startStack({ demoKeys: true, erpBatchMs: 0, wmsPollMs: 0, omsPollMs: 0, reconcileMs: 0, expirySweepMs: 0 });
  try {
    const reg = stack.platform.registry;
    const store = reg.allLocations().find((l) => l.type === 'STORE')!.id;
    const positions = (await stack.platform.stores.ledger.getPositionsForSkus(reg.skuIds())).flat();
    const p = positions.find((x) => x.locationId === store && x.onHand > 0)!;
    const q = (file: string, name: string, vars: Record<string, unknown>, key: string | undefined = PLANNER) => gqlData<any>(stack.url, contractOperation(file, name), vars, key);
    const quantiles = await q('planning.graphql', 'DemandQuantiles', { sku: p.sku, locationId: store, horizonDays: 3 });
    const none = positions.find((x) => x.onHand === 0) ?? { sku: p.sku, locationId: reg.allLocations().find((l) => !positions.some((x) => x.sku === p.sku && x.locationId === l.id))!.id };
    const noHistory = await q('planning.graphql', 'DemandQuantiles', { sku: none.sku, locationId: none.locationId, horizonDays: 2 });
    const plan = await q('planning.graphql', 'DemandPlan', { sku: p.sku, locationId: store, horizonDays: 1 });
    const risk = await q('planning.graphql', 'PromotionRisk', { sku: p.sku, channel: 'RETAIL', from: day(7), to: day(20), upliftPct: 40 });
    const markdowns = await q('planning.graphql', 'MarkdownCandidates', { channel: 'RETAIL', first: 2 });
    const kpis = await q('planning.graphql', 'InventoryKpis', { from: day(-89), to: day(0), channel: 'RETAIL' });
    const series = await gqlData<any>(stack.url, `query S($from: Date!, $to: Date!) { inventoryKpiSeries(from: $from, to: $to, bucketDays: 30) { from to unitsSold unitsReceived sellThrough turnover forecastAccuracy fillRate splitRate averageReplenishmentLeadTimeDays } }`, { from: day(-89), to: day(0) }, PLANNER);
    const network = await gqlData<any>(stack.url, `{ replenishmentPlan { positionsPlanned unsourcedUnits transfers { kind sku { id } fromLocationId toLocationId quantity reason } purchaseOrders { supplierId locationId trust arrivalDate arrivalEarliest arrivalLatest lines { sku { id } quantity needed inventoryClass reason } } } }`, {}, PLANNER);
    const replenishment = await gqlData<any>(stack.url, `query R($sku: ID!, $loc: ID!) { sku(id: $sku) { replenishment(locationId: $loc) { safetyStock reorderPoint orderQuantity inventoryClass serviceTarget serviceLevel supplierTrust explanation } } }`, { sku: p.sku, loc: store }, PLANNER);
    const badge = await gqlData<any>(stack.url, `query B($sku: ID!) { sku(id: $sku) { lowStockBadge(channel: DTC) { show threshold availableToSell } } }`, { sku: p.sku });
    const n = network.replenishmentPlan;
    const out = {
      capturedAt: new Date().toISOString(),
      DemandQuantiles: quantiles,
      DemandQuantilesWithoutHistory: noHistory,
      DemandPlan: plan,
      replenishment,
      PromotionRisk: risk,
      MarkdownCandidates: markdowns,
      InventoryKpis: kpis,
      inventoryKpiSeries: series,
      replenishmentPlan: {
        positionsPlanned: n.positionsPlanned, unsourcedUnits: n.unsourcedUnits, purchaseOrderCount: n.purchaseOrders.length, transferCount: n.transfers.length,
        firstPurchaseOrder: { ...n.purchaseOrders[0], lines: n.purchaseOrders[0]?.lines.slice(0, 1) },
        firstTransfer: n.transfers.find((t: any) => t.kind === 'REPLENISH'),
        firstRebalance: n.transfers.find((t: any) => t.kind === 'REBALANCE') ?? null,
      },
      lowStockBadge: badge,
    };
    writeFileSync(resolve(__dirname, '../subgraphs/planning/examples.json'), JSON.stringify(out, null, 2) + '\n');
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await stack.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
