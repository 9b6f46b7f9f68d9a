import { useEffect, useId, useState } from 'react';
import { gql, loadCatalogue, type Location } from '../api';

interface Scan {
  id: string; name: string; localCodes: { system: string; code: string }[];
  stockAt: { onHand: number; reserved: number; availableToSell: number; stale: boolean } | null;
  availability: { pickup: { location: { id: string; name: string }; distanceKm: number; availableToSell: number }[] };
  incoming: { quantity: number; expectedAt: string; location: { name: string } }[];
}

const SYSTEMS = ['POS', 'ERP', 'WMS', 'OMS'];

/** A store associate scans (or types) a barcode: stock here, nearby, and incoming. */
export function ClientelingView() {
  const ids = { store: useId(), system: useId(), code: useId() };
  const [stores, setStores] = useState<Location[]>([]);
  const [storeId, setStoreId] = useState('');
  const [system, setSystem] = useState('POS');
  const [code, setCode] = useState('');
  const [scan, setScan] = useState<Scan | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadCatalogue().then((c) => {
      const s = c.locations.filter((l) => l.type === 'STORE');
      setStores(s);
      setStoreId((x) => x || s[0]?.id || '');
    });
  }, []);

  async function lookUp(e: React.FormEvent) {
    e.preventDefault();
    const store = stores.find((s) => s.id === storeId);
    setError(null);
    try {
      const d = await gql<{ skuByLocalCode: Scan | null }>(
        `query ScanBarcode($system: SourceSystem!, $code: String!, $storeId: ID!, $near: GeoPointInput) {
          skuByLocalCode(system: $system, code: $code) {
            id name localCodes { system code }
            stockAt(locationId: $storeId) { onHand reserved availableToSell stale }
            availability(channel: RETAIL, near: $near, radiusKm: 50) { pickup { location { id name } distanceKm availableToSell } }
            incoming { quantity expectedAt location { name } }
          }
        }`,
        { system, code: code.trim(), storeId, near: store ? store.geo : null },
      );
      setScan(d.skuByLocalCode);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <section aria-labelledby="cl-h">
      <h2 id="cl-h">Clienteling</h2>
      <form className="toolbar" onSubmit={lookUp}>
        <div>
          <label htmlFor={ids.store}>This store</label>
          <select id={ids.store} value={storeId} onChange={(e) => setStoreId(e.target.value)}>
            {stores.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor={ids.system}>Code system</label>
          <select id={ids.system} value={system} onChange={(e) => setSystem(e.target.value)}>
            {SYSTEMS.map((s) => <option key={s}>{s}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor={ids.code}>Barcode or code</label>
          <input id={ids.code} value={code} onChange={(e) => setCode(e.target.value)} required autoComplete="off" />
        </div>
        <button type="submit">Look up</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {scan === null && <p role="status">No SKU has that code in {system}.</p>}
      {scan && (
        <div className="cards">
          <article className="card">
            <h3>{scan.name}</h3>
            <p className="muted">{scan.id} · {scan.localCodes.map((c) => `${c.system} ${c.code}`).join(' · ')}</p>
            <p className="big" data-testid="here-ats">{scan.stockAt?.availableToSell ?? 0}</p>
            <p>available here ({scan.stockAt?.onHand ?? 0} on hand, {scan.stockAt?.reserved ?? 0} reserved){scan.stockAt?.stale && <span className="stale"> stale</span>}</p>
          </article>
          <article className="card">
            <h3>Nearby (50 km)</h3>
            {scan.availability.pickup.filter((p) => p.location.id !== storeId).length === 0 ? <p className="muted">None nearby.</p> : (
              <ul>{scan.availability.pickup.filter((p) => p.location.id !== storeId).map((p) => <li key={p.location.id}>{p.location.name}: {p.availableToSell} ({p.distanceKm.toFixed(1)} km)</li>)}</ul>
            )}
          </article>
          <article className="card">
            <h3>Incoming</h3>
            {scan.incoming.length === 0 ? <p className="muted">Nothing on order.</p> : (
              <ul>{scan.incoming.map((i, n) => <li key={n}>{i.quantity} to {i.location.name} by {new Date(i.expectedAt).toLocaleDateString()}</li>)}</ul>
            )}
          </article>
        </div>
      )}
    </section>
  );
}
