import { useCallback, useEffect, useId, useState } from 'react';
import { CHANNELS, gql, loadCatalogue, type Location, type SkuSummary } from '../api';
import { onStockChange, touches } from '../live';
import { SkuSearch } from './SkuSearch';
import { MapLegend, UkMap, type MapPoint } from './UkMap';

interface Position { availableToSell: number; onHand: number; reserved: number; incoming: number; stale: boolean; asOf: string; source: string }
interface Incoming { quantity: number; expectedAt: string; document: string; location: { id: string; name: string } }

/** One request: the SKU's position at every location for the channel (aliases), and its open POs. */
function stockQuery(locations: Location[]): string {
  const fields = locations.map((l) => `p_${l.id.replace(/\W/g, '_')}: stockAt(locationId: ${JSON.stringify(l.id)}, channel: $channel) { availableToSell onHand reserved incoming stale asOf source }`);
  return `query SkuStock($sku: ID!, $channel: Channel!) { sku(id: $sku) { id name ${fields.join(' ')} incoming { quantity expectedAt document location { id name } } } }`;
}

export function StockView({ initialSku }: { initialSku?: string | null }) {
  const channelId = useId();
  const [sku, setSku] = useState<SkuSummary | null>(null);
  const [channel, setChannel] = useState<string>('DTC');
  const [locations, setLocations] = useState<Location[]>([]);
  const [positions, setPositions] = useState<Record<string, Position | null>>({});
  const [incoming, setIncoming] = useState<Incoming[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);

  useEffect(() => {
    void loadCatalogue().then((c) => {
      setLocations(c.locations);
      if (initialSku && !sku) setSku(c.skus.find((s) => s.id === initialSku) ?? null);
    });
  }, [initialSku]); // eslint-disable-line react-hooks/exhaustive-deps

  const refresh = useCallback(async () => {
    if (!sku || locations.length === 0) return;
    try {
      const d = await gql<{ sku: (Record<string, Position | null> & { incoming: Incoming[] }) | null }>(stockQuery(locations), { sku: sku.id, channel });
      const byLocation: Record<string, Position | null> = {};
      for (const l of locations) byLocation[l.id] = (d.sku?.[`p_${l.id.replace(/\W/g, '_')}`] as Position | null) ?? null;
      setPositions(byLocation);
      setIncoming(d.sku?.incoming ?? []);
      setUpdatedAt(new Date());
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [sku, channel, locations]);

  useEffect(() => { void refresh(); }, [refresh]);
  // pushed by the ledger: this SKU changed somewhere → ask again
  useEffect(() => (sku ? onStockChange((e) => { if (touches(e, sku.id)) void refresh(); }) : undefined), [sku, refresh]);

  const points: MapPoint[] = locations.flatMap((l) => {
    const p = positions[l.id];
    return p ? [{ id: l.id, name: l.name, type: l.type, lat: l.geo.lat, lng: l.geo.lng, availableToSell: p.availableToSell, onHand: p.onHand, incoming: p.incoming, stale: p.stale }] : [];
  });
  const total = points.reduce((s, p) => s + p.availableToSell, 0);

  return (
    <section aria-labelledby="stock-h">
      <h2 id="stock-h">Stock</h2>
      <div className="toolbar">
        <SkuSearch onPick={setSku} />
        <div>
          <label htmlFor={channelId}>Channel</label>
          <select id={channelId} value={channel} onChange={(e) => setChannel(e.target.value)}>
            {CHANNELS.map((c) => <option key={c}>{c}</option>)}
          </select>
        </div>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {!sku && <p className="muted">Search for a SKU to see where it is.</p>}
      {sku && (
        <div className="split">
          <div>
            <h3>{sku.name} <span className="muted">{sku.id}</span></h3>
            <p>
              <span data-testid="network-ats">{total}</span> available to sell for {channel} across {points.length} locations
              {updatedAt && <span className="muted"> · updated {updatedAt.toLocaleTimeString()}</span>}
            </p>
            <UkMap points={points} selected={selected} onSelect={setSelected} label={`Map of ${sku.name} available to sell for ${channel} by location`} />
            <MapLegend />
          </div>
          <div>
            <table>
              <caption>Positions by location ({channel})</caption>
              <thead><tr><th scope="col">Location</th><th scope="col">Available</th><th scope="col">On hand</th><th scope="col">Reserved</th><th scope="col">Incoming</th><th scope="col">Source</th></tr></thead>
              <tbody>
                {locations.map((l) => {
                  const p = positions[l.id];
                  if (!p) return null;
                  return (
                    <tr key={l.id} className={selected === l.id ? 'selected' : undefined} data-location={l.id}>
                      <th scope="row">{l.name}{l.type === 'DISTRIBUTION_CENTER' ? ' (DC)' : ''}{p.stale && <span className="stale"> stale</span>}</th>
                      <td data-testid={`ats-${l.id}`}>{p.availableToSell}</td>
                      <td data-testid={`onhand-${l.id}`}>{p.onHand}</td>
                      <td>{p.reserved}</td>
                      <td>{p.incoming || ''}</td>
                      <td>{p.source}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <h3>Incoming supply</h3>
            {incoming.length === 0 ? <p className="muted">No open purchase orders.</p> : (
              <ul>{incoming.map((i) => <li key={i.document}>{i.quantity} to {i.location.name} by {new Date(i.expectedAt).toLocaleDateString()} ({i.document})</li>)}</ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
