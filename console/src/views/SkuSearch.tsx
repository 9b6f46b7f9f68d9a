import { useEffect, useId, useState } from 'react';
import { loadCatalogue, searchSkus, type SkuSummary } from '../api';

/** Find a SKU by id, name, GTIN or any legacy system's local code. */
export function SkuSearch({ onPick, label = 'Find a SKU (name, SKU id, GTIN or any local code)' }: { onPick: (sku: SkuSummary) => void; label?: string }) {
  const id = useId();
  const [text, setText] = useState('');
  const [skus, setSkus] = useState<SkuSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadCatalogue().then((c) => setSkus(c.skus), (e: Error) => setError(e.message));
  }, []);
  const hits = searchSkus(skus, text);
  return (
    <div className="search">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. mug, SKU-10000002, a WMS item code" autoComplete="off" />
      {error && <p role="alert" className="error">{error}</p>}
      {hits.length > 0 && (
        <ul className="hits" aria-label="Matching SKUs">
          {hits.map((s) => (
            <li key={s.id}>
              <button type="button" onClick={() => { onPick(s); setText(''); }} data-sku={s.id}>
                <strong>{s.name}</strong> <span className="muted">{s.id}{s.localCodes.length ? ` · ${s.localCodes.map((c) => `${c.system} ${c.code}`).join(' · ')}` : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {text.trim() && hits.length === 0 && skus.length > 0 && <p className="muted">No SKU matches “{text}”.</p>}
    </div>
  );
}
