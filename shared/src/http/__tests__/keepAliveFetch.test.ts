import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLegacyHttp } from '../legacyHttp';
import { failure } from '../testing/failure';

/*
 * The legacy clients' transport against a real local server (no nock here: its interception opens
 * a connection per request and reports socket errors its own way).
 */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; sockets: Set<unknown>; close(): Promise<void> }> {
  const sockets = new Set<unknown>();
  const server = createServer((req, res) => { sockets.add(req.socket); handle(req, res); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets,
    close: async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); },
  };
}

it('keeps the connection to a legacy system open between calls, and follows no redirect', async () => {
  const s = await serve((req, res) => {
    if (req.url === '/moved') res.writeHead(302, { location: '/ok' }).end();
    else res.end('{"ok":true}');
  });
  try {
    const client = createLegacyHttp({ system: 'ERP', baseUrl: s.url, retries: 0 });
    for (let i = 0; i < 3; i++) await expect(client.getJson('ok', '/ok')).resolves.toEqual({ ok: true });
    expect(s.sockets.size).toBe(1);
    expect((await failure(client.getJson('moved', '/moved'))).kind).toBe('unavailable');
  } finally {
    await s.close();
  }
});

it('maps a dropped connection to unavailable, and a stalled one to timeout, without the address', async () => {
  const s = await serve((req, res) => {
    if (req.url === '/drop') req.socket.destroy();
    else setTimeout(() => res.end('{}'), 2000).unref();
  });
  try {
    const client = createLegacyHttp({ system: 'ERP', baseUrl: s.url, retries: 0, timeoutMs: 50 });
    const dropped = await failure(client.getJson('drop', '/drop'));
    expect(dropped.kind).toBe('unavailable');
    const stalled = await failure(client.getJson('slow', '/slow'));
    expect(stalled.kind).toBe('timeout');
    for (const e of [dropped, stalled]) for (const secret of ['127.0.0.1', s.url.split(':').pop()!, 'http://']) expect(e.message).not.toContain(secret);
  } finally {
    await s.close();
  }
});
