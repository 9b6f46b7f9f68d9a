import { useMemo } from 'react';
import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology, GeometryCollection } from 'topojson-specification';
import world from 'world-atlas/countries-50m.json';

/** United Kingdom and Ireland from Natural Earth (world-atlas, bundled): the outline the stock is drawn on. */
const COUNTRY_IDS = new Set(['826', '372']);
const topology = world as unknown as Topology<{ countries: GeometryCollection }>;
const countries = (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features.filter((f) => COUNTRY_IDS.has(String(f.id)));

export interface MapPoint {
  id: string;
  name: string;
  type: string;
  lat: number;
  lng: number;
  availableToSell: number;
  onHand: number;
  incoming: number;
  stale: boolean;
}

const WIDTH = 460;
const HEIGHT = 620;

/** Colour by units available: none red, a few amber, plenty green (also said in words beside the map). */
export function atsColour(ats: number): string {
  if (ats <= 0) return '#c62828';
  if (ats < 10) return '#e08e0b';
  return '#2e7d32';
}

export function UkMap({ points, selected, onSelect, label }: { points: MapPoint[]; selected?: string | null; onSelect?: (id: string) => void; label: string }) {
  const { path, project } = useMemo(() => {
    const projection = geoMercator().fitExtent([[10, 10], [WIDTH - 10, HEIGHT - 10]], { type: 'FeatureCollection', features: countries.filter((f) => String(f.id) === '826') } as FeatureCollection);
    return { path: geoPath(projection), project: (lng: number, lat: number) => projection([lng, lat]) ?? [0, 0] };
  }, []);
  const max = Math.max(1, ...points.map((p) => p.availableToSell));
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="map">
      <title>{label}</title>
      {countries.map((f: Feature) => (
        <path key={String(f.id)} d={path(f) ?? ''} className="land" />
      ))}
      {[...points].sort((a, b) => b.availableToSell - a.availableToSell).map((p) => {
        const [x, y] = project(p.lng, p.lat);
        const r = 4 + 14 * Math.sqrt(p.availableToSell / max);
        const dc = p.type === 'DISTRIBUTION_CENTER';
        return (
          <g key={p.id} transform={`translate(${x},${y})`} className={`point${selected === p.id ? ' selected' : ''}`} data-location={p.id} onClick={() => onSelect?.(p.id)}>
            <title>{`${p.name}: ${p.availableToSell} available to sell, ${p.onHand} on hand${p.incoming ? `, ${p.incoming} incoming` : ''}${p.stale ? ' (stale: source unreachable)' : ''}`}</title>
            {p.incoming > 0 && <circle r={r + 4} fill="none" stroke="#1565c0" strokeWidth={2} strokeDasharray="3 2" />}
            {dc ? (
              <rect x={-r} y={-r} width={2 * r} height={2 * r} fill={atsColour(p.availableToSell)} fillOpacity={0.8} stroke={p.stale ? '#000' : '#fff'} strokeDasharray={p.stale ? '2 2' : undefined} strokeWidth={p.stale ? 2 : 1} />
            ) : (
              <circle r={r} fill={atsColour(p.availableToSell)} fillOpacity={0.8} stroke={p.stale ? '#000' : '#fff'} strokeDasharray={p.stale ? '2 2' : undefined} strokeWidth={p.stale ? 2 : 1} />
            )}
            {p.stale && <text y={4} textAnchor="middle" fontSize={10} fontWeight="bold">!</text>}
          </g>
        );
      })}
    </svg>
  );
}

export function MapLegend() {
  return (
    <ul className="legend" aria-label="Map legend">
      <li><span className="swatch" style={{ background: atsColour(20) }} /> 10 or more available</li>
      <li><span className="swatch" style={{ background: atsColour(5) }} /> 1–9 available</li>
      <li><span className="swatch" style={{ background: atsColour(0) }} /> none available</li>
      <li>circle: store · square: distribution centre · size: units available</li>
      <li>dashed blue ring: incoming supply · dashed black outline and “!”: stale figure</li>
    </ul>
  );
}
