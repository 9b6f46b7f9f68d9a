import { contractOperation } from './contract';
import { gqlData } from './gql';
import { demoKey } from './startTestStack';

const PRODUCT_AVAILABILITY = contractOperation('storefront.graphql', 'ProductAvailability');
const STOCK_AT = `query StockAt($sku: ID!, $locationId: ID!, $channel: Channel) {
  sku(id: $sku) { stockAt(locationId: $locationId, channel: $channel) { onHand reserved safetyStock incoming availableToSell asOf source stale } }
}`;

export interface StockAt { onHand: number; reserved: number; safetyStock: number; incoming: number; availableToSell: number; asOf: string; source: string; stale: boolean }

/** One position through the gateway, as the clienteling app reads it. */
export async function stockAt(url: string, sku: string, locationId: string, channel?: string): Promise<StockAt> {
  const d: any = await gqlData(url, STOCK_AT, { sku, locationId, channel }, demoKey('clienteling'));
  return d.sku.stockAt;
}

/** The storefront's ProductAvailability for one SKU (anonymous DTC unless a key is given). */
export async function availability(url: string, sku: string, channel = 'DTC', apiKey?: string): Promise<{ availableToSell: number; stale: boolean; asOf: string | null; shipping: { quantity: number } }> {
  const d: any = await gqlData(url, PRODUCT_AVAILABILITY, { skus: [sku], channel }, apiKey);
  return d.availability[0];
}
