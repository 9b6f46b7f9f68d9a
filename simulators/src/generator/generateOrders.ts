import { addSeconds } from './dates';
import type { Rng } from './Rng';
import { UK_TOWNS } from './ukPlaces';
import type { OrderChannel, WorldItem, WorldLocation, WorldOptions, WorldOrder, WorldOrderLine } from './World';

const CHANNELS: OrderChannel[] = ['web', 'web', 'web', 'web', 'web', 'web', 'store', 'store', 'marketplace', 'marketplace', 'wholesale'];
const HOUR = 3600;
const EXTERNAL_PREFIX: Record<OrderChannel, string> = { web: 'WO', store: 'ST', marketplace: 'MP', wholesale: 'WS' };

function pickDistinct<T>(from: readonly T[], k: number, rng: Rng): T[] {
  const picked = new Set<T>();
  while (picked.size < Math.min(k, from.length)) picked.add(rng.pick(from));
  return [...picked];
}

/** Historic web/store/partner orders, all fulfilled before asOf: demand history and something to return against. */
export function generateOrders(opts: WorldOptions, items: WorldItem[], locations: WorldLocation[], rng: Rng): WorldOrder[] {
  const dcs = locations.filter((l) => l.type === 'DC');
  const sfsStores = locations.filter((l) => l.type === 'STORE' && l.sfs);
  const cncStores = locations.filter((l) => l.type === 'STORE' && l.cnc);
  const count = Math.max(40, Math.round(items.length / 5));
  const drafts: Omit<WorldOrder, 'orderId'>[] = [];
  for (let n = 0; n < count; n++) {
    const channel = rng.pick(CHANNELS);
    const consumer = channel === 'web' || channel === 'marketplace';
    const roll = rng.next();
    const pickup = consumer && cncStores.length > 0 && roll < 0.12;
    const fromStore = consumer && !pickup && sfsStores.length > 0 && roll < 0.3;
    const node = pickup ? rng.pick(cncStores) : fromStore ? rng.pick(sfsStores) : rng.pick(dcs);
    const createdAt = addSeconds(opts.asOf, -rng.int(2 * 24 * HOUR, 90 * 24 * HOUR));
    const fulfilledAt = addSeconds(createdAt, rng.int(2 * HOUR, 40 * HOUR));
    const chosen = pickDistinct(items, rng.int(1, 3), rng);
    const lines: WorldOrderLine[] = chosen.map((item, i) => {
      const qty = channel === 'wholesale' ? item.packSize * rng.int(1, 4) : rng.int(1, 3);
      return {
        lineNo: i + 1, ecomSku: item.ecomSku, matnr: item.matnr, qty, nodeId: node.omsNode,
        method: pickup ? 'pickup' : 'ship', shipmentRef: null, fulfilledQty: qty, returnedQty: 0,
      };
    });
    const town = rng.pick(UK_TOWNS);
    drafts.push({
      externalId: `${EXTERNAL_PREFIX[channel]}${String(700001 + n).padStart(8, '0')}`,
      channel,
      status: 'fulfilled',
      createdAt,
      fulfilledAt,
      shipTo: pickup ? null : { lat: Math.round((town.lat + rng.between(-0.05, 0.05)) * 1e4) / 1e4, lng: Math.round((town.lng + rng.between(-0.05, 0.05)) * 1e4) / 1e4 },
      pickupNode: pickup ? node.omsNode : null,
      lines,
    });
  }
  drafts.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return drafts.map((d, i) => {
    const number = String(i + 1).padStart(6, '0');
    // one shipment per historic order: every line left from the same node together
    return { orderId: `OMS-${number}`, ...d, lines: d.lines.map((l) => ({ ...l, shipmentRef: `SHP-${number}-1` })) };
  });
}
