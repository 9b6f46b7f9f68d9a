import type { Position, StockLedger } from '@stockgraph/shared';
import type { OmsClient, OmsOrder } from '@stockgraph/oms';
import { contractOperation } from './contract';
import { gql, type GqlResult } from './gql';

/*
 * The OMS operations of the client contract, verbatim, and the few reads the order, hold and
 * return tests need beside them (reservation status, a position through the graph).
 */

export const HOLD_CART = contractOperation('storefront.graphql', 'HoldCart');
export const RELEASE_HOLD = contractOperation('storefront.graphql', 'ReleaseHold');
export const PRODUCT_AVAILABILITY = contractOperation('storefront.graphql', 'ProductAvailability');
export const ROUTE_ORDER = contractOperation('operations.graphql', 'RouteOrder');
export const CONFIRM_FULFILLMENT = contractOperation('operations.graphql', 'ConfirmFulfillment');
export const CREATE_RETURN = contractOperation('operations.graphql', 'CreateReturn');
export const SCAN_BARCODE = contractOperation('clienteling.graphql', 'ScanBarcode');

export const RESERVATION_QUERY = 'query Reservation($id: ID!) { reservation(id: $id) { id status quantity expiresAt location { id } sku { id } } }';
export const STOCK_AT_QUERY =
  'query StockAt($sku: ID!, $loc: ID!) { sku(id: $sku) { stockAt(locationId: $loc) { onHand reserved safetyStock availableToSell } } }';
export const ORDER_QUERY = 'query Order($id: ID!) { order(id: $id) { id externalId status shipments { id status location { id } method lines { sku { id } quantity } } } }';

export interface UserErrorOut { field: string[] | null; code: string; message: string }
export interface ReservationOut { id: string; sku: { id: string }; location: { id: string }; quantity: number; status: string; expiresAt: string }
export interface HoldAnswer { reservations: ReservationOut[]; userErrors: UserErrorOut[] }
export interface ShipmentOut {
  id: string; status: string; location: { id: string; type: string }; method: string;
  lines: { sku: { id: string }; quantity: number }[]; distanceKm: number; cost: number;
}
export interface RouteAnswer {
  plan: { shipments: ShipmentOut[]; totalCost: number; splitCount: number; unassigned: { sku: { id: string }; quantity: number }[] } | null;
  reservations: { id: string; status: string }[];
  userErrors: UserErrorOut[];
}
export interface RmaOut {
  id: string; status: string;
  lines: { sku: { id: string }; quantity: number; condition: string; disposition: string; expectedRecovery: number }[];
}
export interface ReturnAnswer { rma: RmaOut | null; userErrors: UserErrorOut[] }

/** The payload of a mutation answered without GraphQL errors; anything else fails the test, errors shown. */
export function payload<T>(r: GqlResult, field: string): T {
  if (r.errors?.length || !r.data?.[field]) throw new Error(`${field} failed (HTTP ${r.status}): ${JSON.stringify(r.errors ?? r.data)}`);
  return r.data[field] as T;
}

export async function holdCart(url: string, key: string, input: Record<string, unknown>): Promise<HoldAnswer> {
  return payload<HoldAnswer>(await gql(url, HOLD_CART, { input }, key), 'reserve');
}

export async function routeOrder(url: string, key: string, input: Record<string, unknown>): Promise<RouteAnswer> {
  return payload<RouteAnswer>(await gql(url, ROUTE_ORDER, { input }, key), 'routeOrder');
}

export async function confirmFulfillment(url: string, key: string, input: Record<string, unknown>): Promise<{ shipment: { id: string; status: string } | null; userErrors: UserErrorOut[] }> {
  return payload(await gql(url, CONFIRM_FULFILLMENT, { input }, key), 'confirmFulfillment');
}

export async function createReturn(url: string, key: string, input: Record<string, unknown>): Promise<ReturnAnswer> {
  return payload<ReturnAnswer>(await gql(url, CREATE_RETURN, { input }, key), 'createReturn');
}

export async function reservationStatus(url: string, key: string, id: string): Promise<string | null> {
  const r = await gql<{ reservation: { status: string } | null }>(url, RESERVATION_QUERY, { id }, key);
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data?.reservation?.status ?? null;
}

export async function stockAtThroughGraph(url: string, key: string, sku: string, loc: string): Promise<{ onHand: number; reserved: number; safetyStock: number; availableToSell: number }> {
  const r = await gql<{ sku: { stockAt: { onHand: number; reserved: number; safetyStock: number; availableToSell: number } } }>(url, STOCK_AT_QUERY, { sku, loc }, key);
  if (r.errors?.length || !r.data?.sku?.stockAt) throw new Error(JSON.stringify(r.errors ?? r.data));
  return r.data.sku.stockAt;
}

export const codes = (errs: readonly UserErrorOut[]) => errs.map((e) => e.code);

/** The ledger's position, or an all-zero one where it has none. */
export async function positionOf(ledger: StockLedger, sku: string, locationId: string): Promise<Position> {
  const [p] = await ledger.getPositions([{ sku, locationId }]);
  return p ?? { sku, locationId, onHand: 0, reserved: 0, safetyStock: 0, incoming: 0, asOf: 0, source: 'LEDGER' };
}

/** on hand − reserved − safety stock, never below zero (the contract's availableToSell of a position). */
export const atsOf = (p: Pick<Position, 'onHand' | 'reserved' | 'safetyStock'>) => Math.max(0, p.onHand - p.reserved - p.safetyStock);

/**
 * Sets on hand of positions as a count taken now would (no older than any figure the ledger
 * holds), so a test starts from figures it chose: the arithmetic stays the test's own. Not in the
 * future: a movement after it (a return, a sale) must not be older than the count.
 */
export async function setOnHand(ledger: StockLedger, entries: { sku: string; locationId: string; onHand: number }[]): Promise<void> {
  if (entries.length === 0) return;
  const current = await ledger.getPositions(entries);
  const at = Math.max(Date.now(), ...current.map((p) => (p?.asOf ?? 0) + 1));
  const outcomes = await ledger.loadSnapshot(entries.map((e) => ({ ...e, at, source: 'LEDGER' as const })));
  if (outcomes.some((o) => o !== 'APPLIED')) throw new Error(`snapshot not applied: ${outcomes.join(',')}`);
}

/** Makes exactly `available` units available to sell at a position (on hand covers what is reserved and safety stock). */
export async function makeAvailable(ledger: StockLedger, sku: string, locationId: string, available: number): Promise<Position> {
  const p = await positionOf(ledger, sku, locationId);
  await setOnHand(ledger, [{ sku, locationId, onHand: available + p.reserved + p.safetyStock }]);
  return positionOf(ledger, sku, locationId);
}

/** Puts a SKU's stock where a test wants it: the given on hand at the given locations, none anywhere else. */
export async function placeStock(ledger: StockLedger, sku: string, where: Record<string, number>): Promise<void> {
  const [positions] = await ledger.getPositionsForSkus([sku]);
  const entries = positions.filter((p) => !(p.locationId in where)).map((p) => ({ sku, locationId: p.locationId, onHand: p.reserved + p.safetyStock }));
  for (const [locationId, avail] of Object.entries(where)) {
    const p = positions.find((x) => x.locationId === locationId);
    entries.push({ sku, locationId, onHand: avail + (p?.reserved ?? 0) + (p?.safetyStock ?? 0) });
  }
  await setOnHand(ledger, entries);
}

/** Every order the OMS holds under one external id (the caller's order reference), whatever its status. */
export async function omsOrdersByExternalId(oms: OmsClient, externalId: string): Promise<OmsOrder[]> {
  const out: OmsOrder[] = [];
  for (const status of ['OPEN', 'PARTIALLY_FULFILLED', 'FULFILLED', 'CANCELLED'] as const) {
    out.push(...(await oms.listOrders(status)).filter((o) => o.externalId === externalId));
  }
  return out;
}
