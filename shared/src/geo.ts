import type { GeoPoint } from './domain';

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine) in kilometres. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLng = (b.lng - a.lng) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * True when b is certainly farther than `km` from a: the great-circle distance is never less than
 * the distance along the meridian, R × |Δlatitude| (haversine: h ≥ sin²(Δφ/2)). A cheap test that
 * lets a search skip the trigonometry for points outside the latitude band; false says nothing.
 */
export function beyondLatitudeBand(a: GeoPoint, b: GeoPoint, km: number): boolean {
  return EARTH_RADIUS_KM * Math.abs(b.lat - a.lat) * (Math.PI / 180) > km * (1 + 1e-9);
}

export function isValidGeoPoint(p: GeoPoint): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}
