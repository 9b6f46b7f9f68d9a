import { useEffect, useId, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { gql, loadCatalogue, type Location, type SkuSummary } from '../api';
import { SkuSearch } from './SkuSearch';

interface Forecast { method: string; points: { date: string; quantity: number; lower: number; upper: number }[]; backtest: { mase: number | null; wape: number | null; bias: number | null } }
interface Replenishment { safetyStock: number; reorderPoint: number; orderQuantity: number; leadTimeDays: number; onHand: number | null; incoming: number | null; action: string; source: string | null }
interface Kpis { sellThrough: number | null; turnover: number | null; forecastAccuracy: number | null; fillRate: number | null; splitRate: number | null }

const HISTORY_DAYS = 56;
const HORIZON_DAYS = 28;
const KPI_WEEKS = 8;

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Forecast with its interval over recent history, safety stock and reorder point, the suggestion, and KPIs by week. */
export function PlanningView({ initialSku, initialLocation }: { initialSku?: string | null; initialLocation?: string | null }) {
  const locId = useId();
  const [sku, setSku] = useState<SkuSummary | null>(null);
  const [locations, setLocations] = useState<Location[]>([]);
  const [locationId, setLocationId] = useState('');
  const [data, setData] = useState<{ forecast: Forecast | null; replenishment: Replenishment | null; history: { endDate: string; quantities: number[] } | null } | null>(null);
  const [kpis, setKpis] = useState<({ week: string } & Kpis)[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadCatalogue().then((c) => {
      setLocations(c.locations);
      setLocationId((x) => x || initialLocation || c.locations.find((l) => l.type === 'STORE')?.id || '');
      setSku((s) => s ?? c.skus.find((k) => k.id === initialSku) ?? c.skus[0] ?? null);
    });
  }, [initialSku, initialLocation]);

  useEffect(() => {
    if (!sku || !locationId) return;
    setError(null);
    gql<{ sku: { forecast: Forecast | null; replenishment: Replenishment | null; demandHistory: { endDate: string; quantities: number[] } | null } | null }>(
      `query DemandPlan($sku: ID!, $locationId: ID!, $horizonDays: Int!, $days: Int!) {
        sku(id: $sku) {
          forecast(locationId: $locationId, horizonDays: $horizonDays) { method points { date quantity lower upper } backtest { mase wape bias } }
          replenishment(locationId: $locationId) { safetyStock reorderPoint orderQuantity leadTimeDays onHand incoming action source }
          demandHistory(locationId: $locationId, days: $days) { endDate quantities }
        }
      }`,
      { sku: sku.id, locationId, horizonDays: HORIZON_DAYS, days: HISTORY_DAYS },
    ).then(
      (d) => setData({ forecast: d.sku?.forecast ?? null, replenishment: d.sku?.replenishment ?? null, history: d.sku?.demandHistory ?? null }),
      (e: Error) => setError(e.message),
    );
  }, [sku, locationId]);

  useEffect(() => {
    const today = new Date();
    const weeks = Array.from({ length: KPI_WEEKS }, (_, i) => {
      const to = new Date(today.getTime() - i * 7 * 86_400_000);
      const from = new Date(to.getTime() - 6 * 86_400_000);
      return { from: isoDay(from), to: isoDay(to) };
    }).reverse();
    const fields = weeks.map((w, i) => `w${i}: inventoryKpis(from: "${w.from}", to: "${w.to}") { sellThrough turnover forecastAccuracy fillRate splitRate }`);
    gql<Record<string, Kpis>>(`query KpisByWeek { ${fields.join(' ')} }`).then(
      (d) => setKpis(weeks.map((w, i) => ({ week: w.to.slice(5), ...d[`w${i}`] }))),
      (e: Error) => setError(e.message),
    );
  }, []);

  const chart: { date: string; history?: number; forecast?: number; band?: [number, number] }[] = [];
  if (data?.history) {
    const end = new Date(`${data.history.endDate}T00:00:00Z`).getTime();
    const q = data.history.quantities;
    q.forEach((v, i) => chart.push({ date: isoDay(new Date(end - (q.length - 1 - i) * 86_400_000)), history: v }));
  }
  for (const p of data?.forecast?.points ?? []) chart.push({ date: p.date, forecast: round(p.quantity), band: [round(p.lower), round(p.upper)] });
  const r = data?.replenishment;

  return (
    <section aria-labelledby="plan-h">
      <h2 id="plan-h">Planning</h2>
      <div className="toolbar">
        <SkuSearch onPick={setSku} />
        <div>
          <label htmlFor={locId}>Location</label>
          <select id={locId} value={locationId} onChange={(e) => setLocationId(e.target.value)}>
            {locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select>
        </div>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {sku && <h3>{sku.name} <span className="muted">{sku.id}</span> at {locations.find((l) => l.id === locationId)?.name}</h3>}
      {data && !data.forecast && <p role="status">No forecast for this SKU here: it has no demand history at this location.</p>}
      <div className="split">
        <figure className="chart" data-testid="forecast-chart">
          <figcaption>Daily demand: the last {HISTORY_DAYS} days and the {data?.forecast?.method ?? ''} forecast for {HORIZON_DAYS} days with its interval</figcaption>
          <ResponsiveContainer width="100%" height={300}>
            <ComposedChart data={chart} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" minTickGap={24} />
              <YAxis />
              <Tooltip />
              <Legend />
              <Area type="monotone" dataKey="band" name="forecast interval" fill="#90caf9" stroke="none" isAnimationActive={false} />
              <Line type="monotone" dataKey="history" name="demand" stroke="#37474f" dot={false} isAnimationActive={false} />
              <Line type="monotone" dataKey="forecast" name="forecast" stroke="#1565c0" strokeWidth={2} dot={false} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </figure>
        <div>
          <h3>Replenishment</h3>
          {r ? (
            <dl className="facts" data-testid="replenishment">
              <dt>Safety stock</dt><dd>{r.safetyStock}</dd>
              <dt>Reorder point</dt><dd>{r.reorderPoint}</dd>
              <dt>On hand / incoming</dt><dd>{r.onHand ?? '–'} / {r.incoming ?? '–'}</dd>
              <dt>Lead time</dt><dd>{r.leadTimeDays.toFixed(1)} days</dd>
              <dt>Suggestion</dt><dd><strong>{r.action}</strong>{r.action !== 'NONE' ? ` ${r.orderQuantity}${r.source ? ` from ${r.source}` : ''}` : ''}</dd>
            </dl>
          ) : <p className="muted">No replenishment figures.</p>}
          {data?.forecast && (
            <p className="muted">Backtest: MASE {fmt(data.forecast.backtest.mase)}, WAPE {fmt(data.forecast.backtest.wape)}, bias {fmt(data.forecast.backtest.bias)}</p>
          )}
        </div>
      </div>
      <figure className="chart" data-testid="kpi-chart">
        <figcaption>KPIs by week (all channels), last {KPI_WEEKS} weeks</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={kpis} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" />
            <YAxis />
            <Tooltip />
            <Legend />
            <Line dataKey="fillRate" name="fill rate" stroke="#2e7d32" isAnimationActive={false} />
            <Line dataKey="sellThrough" name="sell-through" stroke="#1565c0" isAnimationActive={false} />
            <Line dataKey="forecastAccuracy" name="forecast accuracy" stroke="#6a1b9a" isAnimationActive={false} />
            <Line dataKey="splitRate" name="split rate" stroke="#e65100" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </section>
  );
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
function fmt(x: number | null): string {
  return x === null ? '–' : x.toFixed(2);
}
