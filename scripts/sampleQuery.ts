/** Where the demo's example looks for pickup stores: central London, as a storefront would ask. */
const LONDON = { name: 'London', lat: 51.5072, lng: -0.1276 };
const RADIUS_KM = 25;
const SKUS_TRIED = 50;

export interface SampleQuery {
  query: string;
  placeName: string;
  radiusKm: number;
  /** how many pickup stores the query answered with when it was chosen */
  pickupStores: number;
}

interface Answer<T> { data?: T; errors?: { message: string }[] }

/**
 * The example printed at start and shown in the IDE: an availability query for a SKU that some
 * store within RADIUS_KM of the nearest store to London can hand over, found by asking the
 * running gateway, so the first thing a newcomer runs answers with pickup stores.
 */
export async function sampleQuery(url: string, apiKey: string): Promise<SampleQuery> {
  const ask = async <T>(query: string): Promise<T> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as Answer<T>;
    if (!body.data) throw new Error(`sample query: ${body.errors?.[0]?.message ?? res.status}`);
    return body.data;
  };
  const catalogue = await ask<{ locations: { name: string; geo: { lat: number; lng: number } }[]; skus: { edges: { node: { id: string } }[] } }>(
    `{ locations(type: STORE) { name geo { lat lng } } skus(first: ${SKUS_TRIED}) { edges { node { id } } } }`,
  );
  const store = catalogue.locations
    .map((l) => ({ ...l, d: (l.geo.lat - LONDON.lat) ** 2 + ((l.geo.lng - LONDON.lng) * Math.cos((LONDON.lat * Math.PI) / 180)) ** 2 }))
    .sort((a, b) => a.d - b.d)[0];
  const near = store ? { lat: round(store.geo.lat), lng: round(store.geo.lng) } : LONDON;
  const placeName = store && store.name.includes('London') ? store.name : store ? `${store.name} (nearest store to London)` : LONDON.name;
  const ids = catalogue.skus.edges.map((e) => e.node.id);
  const where = `channel: DTC, near: {lat: ${near.lat}, lng: ${near.lng}}, radiusKm: ${RADIUS_KM}`;
  const found = await ask<{ availability: ({ sku: { id: string }; pickup: unknown[] } | null)[] }>(
    `{ availability(skus: ${JSON.stringify(ids)}, ${where}) { sku { id } pickup { availableToSell } } }`,
  );
  const best = found.availability.filter((a): a is NonNullable<typeof a> => a !== null).sort((a, b) => b.pickup.length - a.pickup.length)[0];
  const sku = best?.sku.id ?? ids[0];
  return {
    query: `{ availability(skus: ["${sku}"], ${where}) { sku { id name } availableToSell shipping { quantity } pickup { location { name } distanceKm availableToSell } asOf stale } }`,
    placeName,
    radiusKm: RADIUS_KM,
    pickupStores: best?.pickup.length ?? 0,
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
