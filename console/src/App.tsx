import { useEffect, useId, useState } from 'react';
import { KEY_STORAGE, apiKey, loadConfig, type ConsoleConfig } from './api';
import { onLiveState } from './live';
import { ClientelingView } from './views/ClientelingView';
import { DiscrepanciesView } from './views/DiscrepanciesView';
import { LiveView } from './views/LiveView';
import { OrdersView } from './views/OrdersView';
import { PlanningView } from './views/PlanningView';
import { StockView } from './views/StockView';

const VIEWS = { stock: 'Stock', clienteling: 'Clienteling', orders: 'Orders', planning: 'Planning', discrepancies: 'Discrepancies', live: 'Live' } as const;
type View = keyof typeof VIEWS;

/** #view?sku=…&location=… : a view, and what it opens with (links, tests, screenshots). */
function viewFromHash(): { view: View; sku: string | null; location: string | null } {
  const [name, query] = location.hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query ?? '');
  return { view: (name in VIEWS ? name : 'stock') as View, sku: params.get('sku'), location: params.get('location') };
}

export function App() {
  const keyId = useId();
  const [route, setRoute] = useState(viewFromHash);
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [key, setKey] = useState(apiKey());
  const [live, setLive] = useState('off');
  useEffect(() => {
    const on = () => setRoute(viewFromHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  useEffect(() => onLiveState(setLive), []);
  useEffect(() => {
    void loadConfig().then((c) => {
      setConfig(c);
      if (!apiKey() && c.defaultKey) {
        localStorage.setItem(KEY_STORAGE, c.defaultKey);
        setKey(c.defaultKey);
      }
    });
  }, []);
  if (!config) return <p role="status">Loading…</p>;
  return (
    <>
      <header className="top">
        <h1>stockgraph <span className="muted">console</span></h1>
        <nav aria-label="Views">
          <ul>
            {(Object.keys(VIEWS) as View[]).map((v) => (
              <li key={v}><a href={`#${v}`} aria-current={route.view === v ? 'page' : undefined}>{VIEWS[v]}</a></li>
            ))}
          </ul>
        </nav>
        <div className="key">
          <label htmlFor={keyId}>API key</label>
          <input id={keyId} type="password" value={key} autoComplete="off" onChange={(e) => { setKey(e.target.value); localStorage.setItem(KEY_STORAGE, e.target.value); }} />
          <span className={`badge ${live}`} title="live stock changes">{live === 'live' ? '● live' : live}</span>
          <span className="muted">{config.mode} · <a href="/">GraphiQL</a></span>
        </div>
      </header>
      <main key={key}>
        {route.view === 'stock' && <StockView initialSku={route.sku} />}
        {route.view === 'clienteling' && <ClientelingView />}
        {route.view === 'orders' && <OrdersView />}
        {route.view === 'planning' && <PlanningView initialSku={route.sku} initialLocation={route.location} />}
        {route.view === 'discrepancies' && <DiscrepanciesView />}
        {route.view === 'live' && <LiveView />}
      </main>
    </>
  );
}
