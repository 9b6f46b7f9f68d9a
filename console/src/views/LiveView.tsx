import { useEffect, useState } from 'react';
import { gql, loadCatalogue, type Location, type SkuSummary } from '../api';
import { onLiveState, onStockChange, type ChangeEvent } from '../live';

interface Row { at: number; sku: string; name: string; locationId: string; location: string; ats: number | null; onHand: number | null }

/** The ledger's changes as they happen: which position moved, and its figure now. */
export function LiveView() {
  const [rows, setRows] = useState<Row[]>([]);
  const [state, setState] = useState('off');
  const [lookup, setLookup] = useState<{ skus: Map<string, SkuSummary>; locations: Map<string, Location> } | null>(null);
  useEffect(() => onLiveState(setState), []);
  useEffect(() => {
    void loadCatalogue().then((c) => setLookup({ skus: new Map(c.skus.map((s) => [s.id, s])), locations: new Map(c.locations.map((l) => [l.id, l])) }));
  }, []);
  useEffect(() => {
    if (!lookup) return;
    return onStockChange(async (e: ChangeEvent) => {
      if (!e.positions) return;
      const changed = e.positions.slice(0, 20);
      const fields = changed.map((p, i) => `c${i}: sku(id: ${JSON.stringify(p.sku)}) { stockAt(locationId: ${JSON.stringify(p.locationId)}) { availableToSell onHand } }`);
      const d = await gql<Record<string, { stockAt: { availableToSell: number; onHand: number } | null } | null>>(`{ ${fields.join(' ')} }`).catch(() => ({}) as Record<string, null>);
      const fresh = changed.map((p, i) => ({
        at: e.at, sku: p.sku, name: lookup.skus.get(p.sku)?.name ?? p.sku, locationId: p.locationId, location: lookup.locations.get(p.locationId)?.name ?? p.locationId,
        ats: d[`c${i}`]?.stockAt?.availableToSell ?? null, onHand: d[`c${i}`]?.stockAt?.onHand ?? null,
      }));
      setRows((rs) => [...fresh, ...rs].slice(0, 50));
    });
  }, [lookup]);
  return (
    <section aria-labelledby="live-h">
      <h2 id="live-h">Live</h2>
      <p role="status">Change stream: <strong data-testid="live-state">{state}</strong>. Sales, receipts, counts and holds appear here as the ledger records them.</p>
      <table>
        <caption>Latest stock changes, newest first</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">SKU</th><th scope="col">Location</th><th scope="col">Available now</th><th scope="col">On hand now</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colSpan={5} className="muted">Waiting for a change…</td></tr>}
          {rows.map((r, i) => (
            <tr key={`${r.at}-${i}`} data-testid="live-row">
              <td>{new Date(r.at).toLocaleTimeString()}</td>
              <th scope="row">{r.name} <span className="muted">{r.sku}</span></th>
              <td>{r.location}</td>
              <td>{r.ats ?? '–'}</td>
              <td>{r.onHand ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
