import { beyondLatitudeBand, distanceKm } from '../geo';
import { mulberry32 } from '../random';

describe('beyondLatitudeBand', () => {
  it('never rules out a point within the distance (random points, radii and latitudes, poles and antimeridian included)', () => {
    const rnd = mulberry32(20261205);
    let ruledOut = 0;
    for (let i = 0; i < 200_000; i++) {
      const a = { lat: -90 + 180 * rnd(), lng: -180 + 360 * rnd() };
      // half the points near a, the rest anywhere
      const b = rnd() < 0.5
        ? { lat: Math.max(-90, Math.min(90, a.lat + (rnd() - 0.5) * 4)), lng: a.lng + (rnd() - 0.5) * 4 }
        : { lat: -90 + 180 * rnd(), lng: -180 + 360 * rnd() };
      const km = rnd() < 0.1 ? distanceKm(a, b) : 500 * rnd(); // some exactly at the distance
      if (beyondLatitudeBand(a, b, km)) {
        ruledOut++;
        expect(distanceKm(a, b)).toBeGreaterThan(km);
      }
    }
    expect(ruledOut).toBeGreaterThan(50_000); // and it does rule out most of what is far
  });

  it('rules out a store a degree of latitude away from a 50 km search, not one 0.4 degrees away', () => {
    const near = { lat: 53.48, lng: -2.24 };
    expect(beyondLatitudeBand(near, { lat: 54.48, lng: -2.24 }, 50)).toBe(true);
    expect(beyondLatitudeBand(near, { lat: 53.88, lng: -2.24 }, 50)).toBe(false);
  });
});
