import { authHeaders } from './api';

export interface ChangeEvent { positions?: { sku: string; locationId: string }[]; all?: boolean; at: number }
type Listener = (e: ChangeEvent) => void;

const listeners = new Set<Listener>();
let state: 'off' | 'connecting' | 'live' = 'off';
const stateListeners = new Set<(s: typeof state) => void>();

/**
 * The ledger's change events over server-sent events (/console/events). Read with fetch rather
 * than EventSource so the API key goes in a header, as on every other request. Reconnects.
 */
export function onStockChange(listener: Listener): () => void {
  listeners.add(listener);
  if (state === 'off') void connect();
  return () => listeners.delete(listener);
}

export function onLiveState(listener: (s: typeof state) => void): () => void {
  stateListeners.add(listener);
  listener(state);
  return () => stateListeners.delete(listener);
}

function setState(s: typeof state) {
  state = s;
  for (const l of stateListeners) l(s);
}

async function connect(): Promise<void> {
  setState('connecting');
  try {
    const res = await fetch('/console/events', { headers: { accept: 'text/event-stream', ...authHeaders() } });
    if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'ready') setState('live');
        if (event === 'change' && data) {
          const e = { ...(JSON.parse(data) as Omit<ChangeEvent, 'at'>), at: Date.now() };
          for (const l of listeners) l(e);
        }
      }
    }
  } catch {
    // fall through to reconnect
  }
  setState('connecting');
  setTimeout(() => void connect(), 1000);
}

/** Whether an event touches this SKU (at any location, or everything). */
export function touches(e: ChangeEvent, sku: string): boolean {
  return Boolean(e.all || e.positions?.some((p) => p.sku === sku));
}
