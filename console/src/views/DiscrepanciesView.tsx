import { useCallback, useEffect, useState } from 'react';
import { gql, loadCatalogue } from '../api';
import { onStockChange } from '../live';

interface Discrepancy {
  id: string; delta: number; detectedAt: string; status: string; countRef: string | null; counted: number | null;
  sku: { id: string; name: string }; location: { id: string; name: string };
  sources: { system: string; quantity: number; asOf: string }[];
}

/** Where the legacy systems disagree, each with a button asking the holder of the goods to count. */
export function DiscrepanciesView() {
  const [rows, setRows] = useState<Discrepancy[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const d = await gql<{ stockDiscrepancies: Discrepancy[] }>(
        `{ stockDiscrepancies(first: 50, includeResolved: true) { id delta detectedAt status countRef counted sku { id } location { id } sources { system quantity asOf } } }`,
      );
      // names from the catalogue: the list needs only ids from the ledger's side
      const c = await loadCatalogue();
      const skuName = new Map(c.skus.map((x) => [x.id, x.name]));
      const locName = new Map(c.locations.map((x) => [x.id, x.name]));
      setRows(d.stockDiscrepancies.map((r) => ({ ...r, sku: { id: r.sku.id, name: skuName.get(r.sku.id) ?? r.sku.id }, location: { id: r.location.id, name: locName.get(r.location.id) ?? r.location.id } })));
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => { void load(); }, [load]);
  // a count's result arrives as a stock change: show the resolution as it happens
  useEffect(() => onStockChange(() => void load()), [load]);

  async function count(id: string) {
    setMessage(null);
    try {
      const d = await gql<{ requestCycleCount: { discrepancy: { status: string; countRef: string | null } | null; userErrors: { code: string; message: string }[] } }>(
        `mutation Count($id: ID!) { requestCycleCount(discrepancyId: $id) { discrepancy { status countRef } userErrors { code message } } }`,
        { id },
      );
      const r = d.requestCycleCount;
      setMessage(r.userErrors.length ? `Refused: ${r.userErrors.map((u) => `${u.code} ${u.message}`).join('; ')}` : `Count requested (${r.discrepancy?.countRef ?? ''}): ${r.discrepancy?.status}`);
      await load();
    } catch (e) {
      setMessage((e as Error).message);
    }
  }

  return (
    <section aria-labelledby="disc-h">
      <h2 id="disc-h">Discrepancies</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {message && <p role="status">{message}</p>}
      {rows && rows.length === 0 && <p className="muted">The systems agree everywhere.</p>}
      {rows && rows.length > 0 && (
        <table>
          <caption>Stock figures the legacy systems disagree on, newest first</caption>
          <thead><tr><th scope="col">SKU</th><th scope="col">Location</th><th scope="col">Sources</th><th scope="col">Delta</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-discrepancy={r.id}>
                <th scope="row">{r.sku.name} <span className="muted">{r.sku.id}</span></th>
                <td>{r.location.name}</td>
                <td>{r.sources.map((s) => `${s.system} ${s.quantity}`).join(' · ')}</td>
                <td>{r.delta}</td>
                <td>{r.status}{r.counted !== null ? ` (counted ${r.counted})` : ''}</td>
                <td>
                  {r.status === 'OPEN' ? (
                    <button type="button" onClick={() => void count(r.id)} aria-label={`Request a cycle count of ${r.sku.name} at ${r.location.name}`}>Cycle count</button>
                  ) : <span className="muted">{r.countRef ?? ''}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
