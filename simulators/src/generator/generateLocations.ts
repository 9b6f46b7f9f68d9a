import { LOGISTICS_HUBS, REPEAT_SUFFIXES, UK_TOWNS, type Place } from './ukPlaces';
import type { Rng } from './Rng';
import type { WorldLocation, WorldOptions } from './World';

const KM_PER_DEG_LAT = 111.32;

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** A second site in the same town sits 1–4 km away in a random direction. */
function jitter(place: Place, rng: Rng): { lat: number; lng: number } {
  const km = rng.between(1, 4);
  const bearing = rng.between(0, 2 * Math.PI);
  const dLat = (km * Math.cos(bearing)) / KM_PER_DEG_LAT;
  const dLng = (km * Math.sin(bearing)) / (KM_PER_DEG_LAT * Math.cos((place.lat * Math.PI) / 180));
  return { lat: round4(place.lat + dLat), lng: round4(place.lng + dLng) };
}

function siteName(town: string, repeat: number): string {
  if (repeat === 0) return town;
  const suffix = REPEAT_SUFFIXES[(repeat - 1) % REPEAT_SUFFIXES.length];
  const lap = Math.floor((repeat - 1) / REPEAT_SUFFIXES.length);
  return lap > 0 ? `${town} ${suffix} ${lap + 1}` : `${town} ${suffix}`;
}

export function generateLocations(opts: WorldOptions, rng: Rng): WorldLocation[] {
  const out: WorldLocation[] = [];
  for (let i = 0; i < opts.dcs; i++) {
    const hub = LOGISTICS_HUBS[i % LOGISTICS_HUBS.length] as Place;
    const repeat = Math.floor(i / LOGISTICS_HUBS.length);
    const at = repeat === 0 ? { lat: hub.lat, lng: hub.lng } : jitter(hub, rng);
    const plant = 'D' + String(i + 1).padStart(3, '0');
    out.push({
      plant, type: 'DC', name: `${siteName(hub.name, repeat)} DC`, town: hub.name, ...at,
      wmsSite: `DC${i + 1}`, posStoreNo: null, omsNode: `N-${plant}`, sfs: false, cnc: false, cap: 0,
    });
  }
  const towns = rng.shuffle(UK_TOWNS);
  for (let i = 0; i < opts.stores; i++) {
    const town = towns[i % towns.length] as Place;
    const repeat = Math.floor(i / towns.length);
    const at = repeat === 0 ? { lat: town.lat, lng: town.lng } : jitter(town, rng);
    const plant = 'S' + String(i + 1).padStart(3, '0');
    const sfs = rng.chance(0.5);
    const cnc = rng.chance(0.8);
    out.push({
      plant, type: 'STORE', name: siteName(town.name, repeat), town: town.name, ...at,
      wmsSite: null, posStoreNo: String(i + 1).padStart(4, '0'), omsNode: `N-${plant}`,
      sfs, cnc, cap: rng.int(4, 24) * 5,
    });
  }
  return out;
}
