import { useEffect, useId, useState } from 'react';
import { CHANNELS, gql, hasMutation, loadCatalogue, type Location } from '../api';
import { SkuSearch } from './SkuSearch';

interface Shipment {
  id: string; status: string; method: string; distanceKm: number; cost: number; reason: string | null; promisedBy: string | null;
  location: { id: string; name: string; type: string };
  lines: { sku: { id: string }; quantity: number }[];
}
interface Plan {
  shipments: Shipment[]; totalCost: number; splitCount: number;
  unassigned: { sku: { id: string }; quantity: number }[];
  rejected: { location: { id: string; name: string }; reason: string }[];
}
interface Routed { order: { id: string; status: string } | null; plan: Plan | null; reservations: { id: string; status: string }[]; userErrors: { field: string[] | null; code: string; message: string }[] }

/** Destinations a demo order can go to (a customer's address stands in as a point). */
const DESTINATIONS: Record<string, { lat: number; lng: number }> = {
  'London (Westminster)': { lat: 51.4995, lng: -0.1248 },
  Birmingham: { lat: 52.4862, lng: -1.8904 },
  Leeds: { lat: 53.8008, lng: -1.5491 },
  Edinburgh: { lat: 55.9533, lng: -3.1883 },
  Bristol: { lat: 51.4545, lng: -2.5879 },
};

export function OrdersView() {
  const ids = { channel: useId(), dest: useId(), qty: useId(), reserve: useId() };
  const [channel, setChannel] = useState('DTC');
  const [destination, setDestination] = useState(Object.keys(DESTINATIONS)[0]);
  const [lines, setLines] = useState<{ sku: string; name: string; quantity: number }[]>([]);
  const [reserve, setReserve] = useState(true);
  const [result, setResult] = useState<Routed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [locations, setLocations] = useState<Location[]>([]);
  const [canCancel, setCanCancel] = useState(false);
  useEffect(() => {
    void loadCatalogue().then((c) => setLocations(c.locations));
    void hasMutation('cancelOrder').then(setCanCancel);
  }, []);

  async function route(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setNote(null);
    try {
      const d = await gql<{ routeOrder: Routed }>(
        `mutation RouteOrder($input: RouteOrderInput!) {
          routeOrder(input: $input) {
            order { id status }
            plan {
              shipments { id status method distanceKm cost reason promisedBy location { id name type } lines { sku { id } quantity } }
              totalCost splitCount unassigned { sku { id } quantity } rejected { location { id name } reason }
            }
            reservations { id status }
            userErrors { field code message }
          }
        }`,
        { input: { channel, destination: DESTINATIONS[destination], lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), reserve, idempotencyKey: crypto.randomUUID() } },
      );
      setResult(d.routeOrder);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function confirm(shipmentId: string) {
    try {
      const d = await gql<{ confirmFulfillment: { shipment: { id: string; status: string } | null; userErrors: { code: string; message: string }[] } }>(
        `mutation Confirm($input: ConfirmFulfillmentInput!) { confirmFulfillment(input: $input) { shipment { id status } userErrors { code message } } }`,
        { input: { shipmentId, idempotencyKey: crypto.randomUUID() } },
      );
      const r = d.confirmFulfillment;
      setNote(r.userErrors.length ? `Refused: ${r.userErrors.map((u) => `${u.code} ${u.message}`).join('; ')}` : `Shipment ${shipmentId}: ${r.shipment?.status}`);
      if (r.shipment && result?.plan) {
        setResult({ ...result, plan: { ...result.plan, shipments: result.plan.shipments.map((s) => (s.id === shipmentId ? { ...s, status: r.shipment!.status } : s)) } });
      }
    } catch (err) {
      setNote((err as Error).message);
    }
  }

  async function release(id: string) {
    try {
      const d = await gql<{ releaseReservation: { reservation: { id: string; status: string } | null; userErrors: { code: string; message: string }[] } }>(
        `mutation Release($id: ID!) { releaseReservation(id: $id) { reservation { id status } userErrors { code message } } }`,
        { id },
      );
      const r = d.releaseReservation;
      setNote(r.userErrors.length ? `Release refused: ${r.userErrors.map((u) => `${u.code} ${u.message}`).join('; ')}` : `Hold ${id}: ${r.reservation?.status}`);
      if (r.reservation && result) setResult({ ...result, reservations: result.reservations.map((x) => (x.id === id ? { ...x, status: r.reservation!.status } : x)) });
    } catch (err) {
      setNote((err as Error).message);
    }
  }

  async function returnOrder(orderId: string) {
    const store = locations.find((l) => l.capabilities.includes('RETURNS'));
    if (!store || !result?.plan) return;
    try {
      const d = await gql<{ createReturn: { rma: { id: string; status: string } | null; userErrors: { code: string; message: string }[] } }>(
        `mutation Return($input: CreateReturnInput!) { createReturn(input: $input) { rma { id status } userErrors { code message } } }`,
        { input: { orderId, channel, returnLocationId: store.id, lines: result.plan.shipments.flatMap((s) => s.lines).slice(0, 1).map((l) => ({ sku: l.sku.id, quantity: 1, condition: 'NEW' })), idempotencyKey: crypto.randomUUID() } },
      );
      const r = d.createReturn;
      setNote(r.userErrors.length ? `Return refused: ${r.userErrors.map((u) => `${u.code} ${u.message}`).join('; ')}` : `Return ${r.rma?.id} to ${store.name}: ${r.rma?.status}`);
    } catch (err) {
      setNote((err as Error).message);
    }
  }

  async function cancel(orderId: string) {
    try {
      const d = await gql<{ cancelOrder: { order: { id: string; status: string } | null; userErrors: { code: string; message: string }[] } }>(
        `mutation Cancel($input: CancelOrderInput!) { cancelOrder(input: $input) { order { id status } userErrors { code message } } }`,
        { input: { orderId, reason: 'cancelled from the console', idempotencyKey: crypto.randomUUID() } },
      );
      const r = d.cancelOrder;
      setNote(r.userErrors.length ? `Cancel refused: ${r.userErrors.map((u) => `${u.code} ${u.message}`).join('; ')}` : `Order ${r.order?.id ?? orderId}: ${r.order?.status ?? 'cancelled'}`);
    } catch (err) {
      setNote((err as Error).message);
    }
  }

  const plan = result?.plan;
  return (
    <section aria-labelledby="orders-h">
      <h2 id="orders-h">Orders</h2>
      <form onSubmit={route} className="order-form">
        <div className="toolbar">
          <div>
            <label htmlFor={ids.channel}>Channel</label>
            <select id={ids.channel} value={channel} onChange={(e) => setChannel(e.target.value)}>{CHANNELS.map((c) => <option key={c}>{c}</option>)}</select>
          </div>
          <div>
            <label htmlFor={ids.dest}>Deliver to</label>
            <select id={ids.dest} value={destination} onChange={(e) => setDestination(e.target.value)}>{Object.keys(DESTINATIONS).map((d) => <option key={d}>{d}</option>)}</select>
          </div>
          <div className="check">
            <input id={ids.reserve} type="checkbox" checked={reserve} onChange={(e) => setReserve(e.target.checked)} />
            <label htmlFor={ids.reserve}>Hold the stock (reserve)</label>
          </div>
        </div>
        <SkuSearch label="Add a line: find a SKU" onPick={(s) => setLines((ls) => (ls.some((l) => l.sku === s.id) ? ls : [...ls, { sku: s.id, name: s.name, quantity: 1 }]))} />
        <table>
          <caption>Order lines</caption>
          <thead><tr><th scope="col">SKU</th><th scope="col">Quantity</th><th scope="col"><span className="sr-only">Remove</span></th></tr></thead>
          <tbody>
            {lines.length === 0 && <tr><td colSpan={3} className="muted">No lines yet.</td></tr>}
            {lines.map((l) => (
              <tr key={l.sku}>
                <th scope="row">{l.name} <span className="muted">{l.sku}</span></th>
                <td><input aria-label={`Quantity of ${l.name}`} type="number" min={1} value={l.quantity} onChange={(e) => setLines((ls) => ls.map((x) => (x.sku === l.sku ? { ...x, quantity: Number(e.target.value) } : x)))} /></td>
                <td><button type="button" onClick={() => setLines((ls) => ls.filter((x) => x.sku !== l.sku))}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" disabled={lines.length === 0}>Route the order</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {note && <p role="status">{note}</p>}
      {result && result.userErrors.length > 0 && (
        <ul role="alert" className="error">{result.userErrors.map((u, i) => <li key={i}>{u.code}: {u.message}</li>)}</ul>
      )}
      {plan && (
        <div className="plan" data-testid="plan">
          <h3>The plan{result?.order ? ` for order ${result.order.id}` : ''}</h3>
          <p>Total cost <strong data-testid="plan-cost">{plan.totalCost.toFixed(2)}</strong> · {plan.shipments.length} shipment{plan.shipments.length === 1 ? '' : 's'} · split {plan.splitCount}</p>
          <table>
            <caption>Chosen locations</caption>
            <thead><tr><th scope="col">From</th><th scope="col">Method</th><th scope="col">Lines</th><th scope="col">Distance</th><th scope="col">Cost</th><th scope="col">Why</th><th scope="col">Status</th><th scope="col"><span className="sr-only">Action</span></th></tr></thead>
            <tbody>
              {plan.shipments.map((s) => (
                <tr key={s.id} data-testid="chosen">
                  <th scope="row">{s.location.name}</th>
                  <td>{s.method}</td>
                  <td>{s.lines.map((l) => `${l.quantity} × ${l.sku.id}`).join(', ')}</td>
                  <td>{s.distanceKm.toFixed(0)} km</td>
                  <td>{s.cost.toFixed(2)}</td>
                  <td>{s.reason ?? ''}</td>
                  <td>{s.status}</td>
                  <td><button type="button" onClick={() => void confirm(s.id)}>Confirm fulfilment</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Rejected locations</h4>
          {plan.rejected.length === 0 ? <p className="muted">None considered and turned down.</p> : (
            <ul data-testid="rejected">{plan.rejected.map((r) => <li key={r.location.id}><strong>{r.location.name}</strong>: {r.reason}</li>)}</ul>
          )}
          <h4>Holds</h4>
          {result && result.reservations.length === 0 ? <p className="muted">No stock held (reserve was off, or nothing could be placed).</p> : (
            <ul data-testid="holds">
              {result?.reservations.map((r) => (
                <li key={r.id}>{r.id}: {r.status} {r.status === 'ACTIVE' && <button type="button" onClick={() => void release(r.id)} aria-label={`Release hold ${r.id}`}>Release</button>}</li>
              ))}
            </ul>
          )}
          {plan.unassigned.length > 0 && <p className="error">Could not place: {plan.unassigned.map((u) => `${u.quantity} × ${u.sku.id}`).join(', ')}</p>}
          {result?.order && (
            <div className="toolbar">
              <button type="button" onClick={() => void returnOrder(result.order!.id)}>Return one item</button>
              {canCancel ? <button type="button" onClick={() => void cancel(result.order!.id)}>Cancel order</button> : <span className="muted">Cancelling is not in this API yet.</span>}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
